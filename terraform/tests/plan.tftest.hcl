# Terraform-native checks with a mocked AWS provider (Terraform >= 1.7, no credentials, no
# network after `terraform init`): terraform -chdir=terraform test
# The static checks that run in `npm test` live in test/terraform/.

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
