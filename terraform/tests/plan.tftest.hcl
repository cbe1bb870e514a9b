# Terraform-native checks with a mocked AWS provider (Terraform >= 1.7, no credentials, no
# network after `terraform init`): terraform -chdir=terraform test
# npm test runs this file through test/terraform/terraformCli.test.ts wherever terraform and a
# provider mirror are installed; the static checks that always run live in test/terraform/.

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_data "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/LabRole" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/csv-ingest-role" }
  }
  mock_resource "aws_lambda_function" {
    defaults = { arn = "arn:aws:lambda:us-east-1:123456789012:function:csv-ingest" }
  }
  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:us-east-1:123456789012:csv-ingest"
      url = "https://sqs.us-east-1.amazonaws.com/123456789012/csv-ingest"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::csv-ingest" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/csv-ingest" }
  }
  mock_resource "aws_dynamodb_table" {
    defaults = { arn = "arn:aws:dynamodb:us-east-1:123456789012:table/csv-ingest" }
  }
}

variables {
  # Any existing file: the mocked provider never reads the bundle.
  lambda_zip_path = "tests/plan.tftest.hcl"
  # The test state lives in memory, whichever workspace is selected (ingest deploy selects the
  # target's): both targets' runs must pass in any of them.
  workspace_guard = false
}

run "localstack" {
  command = apply

  variables {
    environment         = "localstack"
    localstack_endpoint = "http://localhost:4566"
    s3_force_path_style = true
    force_destroy       = true
  }

  assert {
    condition     = length(module.iam.processor_role_arn) > 0 && module.iam.processor_role_arn != "arn:aws:iam::123456789012:role/LabRole"
    error_message = "Without use_lab_role the processor must run with its own role."
  }

  assert {
    condition     = output.function_name == "csv-ingest-localstack-processor" && output.table == "csv-ingest-localstack-files"
    error_message = "Resource names must follow csv-ingest-<env>-*."
  }

  assert {
    condition     = local.bucket_name == "csv-ingest-localstack-123456789012-us-east-1"
    error_message = "The bucket name must be <project>-<env>-<account id>-<region>, with no random part."
  }

  assert {
    condition     = output.upload_prefix == local.key_rules.uploadPrefix && output.processed_prefix == local.key_rules.processedPrefix
    error_message = "The prefixes must default to src/aws/keyRules.json."
  }
}

run "learner_lab" {
  command = apply

  variables {
    environment  = "aws"
    use_lab_role = true
  }

  assert {
    condition     = module.iam.processor_role_arn == "arn:aws:iam::123456789012:role/LabRole" && module.iam.failure_handler_role_arn == "arn:aws:iam::123456789012:role/LabRole"
    error_message = "With use_lab_role both functions must run with the LabRole."
  }

  assert {
    condition     = output.endpoint_url == null
    error_message = "AWS must not get a LocalStack endpoint."
  }
}

run "learner_lab_without_get_role" {
  command = apply

  # ingest deploy passes the ARN it built from the caller identity when iam:GetRole is denied.
  variables {
    environment  = "aws"
    use_lab_role = true
    lab_role_arn = "arn:aws:iam::210987654321:role/LabRole"
  }

  assert {
    condition     = module.iam.processor_role_arn == "arn:aws:iam::210987654321:role/LabRole" && module.iam.failure_handler_role_arn == "arn:aws:iam::210987654321:role/LabRole"
    error_message = "With lab_role_arn both functions must run with that role, without reading it."
  }
}

run "lab_role_arn_must_be_a_role_arn" {
  command = plan

  variables {
    environment  = "aws"
    use_lab_role = true
    lab_role_arn = "LabRole"
  }

  expect_failures = [var.lab_role_arn]
}

run "aws_defaults" {
  command = plan

  variables {
    environment = "aws"
  }

  assert {
    condition     = local.csv_suffixes == tolist(local.key_rules.csvSuffixes)
    error_message = "The notification suffixes must default to src/aws/keyRules.json."
  }
}

run "overlapping_suffixes_are_refused" {
  command = plan

  variables {
    environment  = "aws"
    csv_suffixes = [".csv", ".gz", ".csv.gz"]
  }

  expect_failures = [var.csv_suffixes]
}

run "suffixes_the_handler_skips_are_refused" {
  command = plan

  variables {
    environment  = "aws"
    csv_suffixes = [".csv", ".Csv"]
  }

  expect_failures = [data.aws_caller_identity.current]
}

run "failures_concurrency_below_lambda_minimum_is_refused" {
  command = plan

  variables {
    environment                  = "aws"
    failures_maximum_concurrency = 1
  }

  expect_failures = [var.failures_maximum_concurrency]
}

run "split_uploads" {
  command = apply

  variables {
    environment = "aws"
  }

  assert {
    condition     = output.fanout_table == "csv-ingest-aws-fanout" && output.fanout_table != output.table
    error_message = "Split uploads must be coordinated in a table of their own, csv-ingest-<env>-fanout."
  }

  assert {
    condition     = output.parts_prefix == local.key_rules.partsPrefix && local.handler_environment.PARTS_PREFIX == output.parts_prefix
    error_message = "The parts prefix must come from src/aws/keyRules.json, for the lifecycle rule and the function alike."
  }

  assert {
    condition     = local.handler_environment.FANOUT_TABLE == output.fanout_table && local.handler_environment.FANOUT_MAX_PIECES == "8" && local.handler_environment.FANOUT_MIN_BYTES == "268435456"
    error_message = "The function must get the coordination table and the fan-out defaults (FUNCTION_ENVIRONMENT)."
  }

  assert {
    condition     = local.processor_function_arn == "arn:${data.aws_partition.current.partition}:lambda:us-east-1:123456789012:function:csv-ingest-aws-processor"
    error_message = "The processor's own ARN (which its role may invoke) must be built from its name."
  }
}

run "fanout_max_pieces_beyond_1000_is_refused" {
  command = plan

  variables {
    environment       = "aws"
    fanout_max_pieces = 1001
  }

  expect_failures = [var.fanout_max_pieces]
}
