locals {
  name_prefix = "${var.project}-${var.environment}"

  # Object-key rules shared with the handler, the local target and the tests; the file owns them
  # (src/aws/keyRules.ts explains S3's case-sensitive, non-overlapping suffix filters).
  key_rules        = jsondecode(file("${path.module}/../src/aws/keyRules.json"))
  upload_prefix    = coalesce(var.upload_prefix, local.key_rules.uploadPrefix)
  processed_prefix = coalesce(var.processed_prefix, local.key_rules.processedPrefix)
  # Where a split upload's plan and piece states go (issue 15); not configurable, and never
  # under the other prefixes (src/aws/keyRules.ts checks it).
  parts_prefix = local.key_rules.partsPrefix
  csv_suffixes = var.csv_suffixes == null ? tolist(local.key_rules.csvSuffixes) : var.csv_suffixes

  # Deterministic and unique per account and region, with no provider beyond aws:
  # csv-ingest-aws-123456789012-us-east-1 (S3 bucket names: 3-63 characters).
  bucket_name          = var.bucket_name != "" ? var.bucket_name : "${local.name_prefix}-${data.aws_caller_identity.current.account_id}-${var.region}"
  table_name           = "${local.name_prefix}-files"
  fanout_table_name    = "${local.name_prefix}-fanout"
  processor_name       = "${local.name_prefix}-processor"
  failure_handler_name = "${local.name_prefix}-failures"
  failures_queue_name  = "${local.name_prefix}-failures"
  # The processor's ARN, built from its name: its role's policy names it (the function invokes
  # itself) and the function needs the role first, so the ARN cannot come from the function.
  processor_function_arn = "arn:${data.aws_partition.current.partition}:lambda:${var.region}:${data.aws_caller_identity.current.account_id}:function:${local.processor_name}"
  dlq_name               = "${local.name_prefix}-failures-dlq"
  dashboard_name         = local.name_prefix

  # The bundle written by `npm run build` (scripts/build.mjs): index.mjs at the zip root.
  lambda_zip_path = var.lambda_zip_path != "" ? var.lambda_zip_path : "${path.root}/../dist/lambda.zip"

  # What src/pipeline reads from the environment (see the handler config contract).
  handler_environment = {
    DYNAMODB_TABLE               = module.dynamodb.dynamodb_table_name
    S3_BUCKET                    = module.s3.s3_bucket_id
    UPLOAD_PREFIX                = local.upload_prefix
    PROCESSED_PREFIX             = local.processed_prefix
    PARTS_PREFIX                 = local.parts_prefix
    FANOUT_TABLE                 = module.fanout_table.dynamodb_table_name
    FANOUT_MIN_BYTES             = tostring(var.fanout_min_bytes)
    FANOUT_MAX_PIECES            = tostring(var.fanout_max_pieces)
    MAX_FILE_BYTES               = tostring(var.max_file_bytes)
    MAX_DECOMPRESSED_BYTES       = tostring(var.max_decompressed_bytes)
    MAX_COMPRESSION_RATIO        = tostring(var.max_compression_ratio)
    S3_FORCE_PATH_STYLE          = tostring(var.s3_force_path_style)
    ENVIRONMENT                  = var.environment
    POWERTOOLS_SERVICE_NAME      = var.service_name
    POWERTOOLS_METRICS_NAMESPACE = var.metrics_namespace
    POWERTOOLS_LOG_LEVEL         = var.log_level
  }
}

# The partition of the provider's region (aws, aws-cn, aws-us-gov), for ARNs built here.
data "aws_partition" "current" {}

# The account the stack is deployed to (LocalStack answers 000000000000). It also carries the
# checks that need more than one variable, so they stop a plan before anything is created.
data "aws_caller_identity" "current" {
  lifecycle {
    # One workspace per target keeps the LocalStack and AWS states apart; refuse to mix them.
    precondition {
      condition     = !var.workspace_guard || terraform.workspace == "default" || terraform.workspace == var.environment
      error_message = "Workspace \"${terraform.workspace}\" does not match environment \"${var.environment}\": use ingest deploy --env ${var.environment}, or terraform workspace select ${var.environment}."
    }
    precondition {
      condition     = !startswith(local.upload_prefix, local.processed_prefix) && !startswith(local.processed_prefix, local.upload_prefix)
      error_message = "upload_prefix and processed_prefix must not overlap, or summaries would trigger the processor."
    }
    precondition {
      condition     = alltrue([for s in local.csv_suffixes : contains(local.key_rules.csvSuffixes, s)])
      error_message = "csv_suffixes may only list suffixes the processor handles: ${join(", ", local.key_rules.csvSuffixes)} (src/aws/keyRules.json)."
    }
  }
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_name             = local.table_name
  point_in_time_recovery = var.dynamodb_point_in_time_recovery
  deletion_protection    = var.dynamodb_deletion_protection
}

# The coordination items of split uploads (issue 15): one per split upload, whose number set
# `done` the pieces add themselves to; the invocation that completes it merges. A table of its own
# rather than items in the metadata table: the users' table keeps one item per upload (the
# dashboard and readers scan it), its items never expire, and the processor may UpdateItem only
# here. Items expire by time to live (expires_at, two days); transient data, so no point-in-time
# recovery and no deletion protection.
module "fanout_table" {
  source = "./modules/dynamodb"

  table_name             = local.fanout_table_name
  hash_key               = "split_id"
  ttl_attribute          = "expires_at"
  point_in_time_recovery = false
  deletion_protection    = false
}

module "s3" {
  source = "./modules/s3"

  bucket_name                        = local.bucket_name
  force_destroy                      = var.force_destroy
  upload_prefix                      = local.upload_prefix
  parts_prefix                       = local.parts_prefix
  parts_expiration_days              = var.parts_expiration_days
  csv_suffixes                       = local.csv_suffixes
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  notification_function_arn          = module.lambda.processor_function_arn
  notification_function_name         = module.lambda.processor_function_name
}

module "iam" {
  source = "./modules/iam"

  name_prefix             = local.name_prefix
  use_lab_role            = var.use_lab_role
  lab_role_name           = var.lab_role_name
  lab_role_arn            = var.lab_role_arn
  bucket_arn              = module.s3.s3_bucket_arn
  upload_prefix           = local.upload_prefix
  processed_prefix        = local.processed_prefix
  parts_prefix            = local.parts_prefix
  table_arn               = module.dynamodb.dynamodb_table_arn
  fanout_table_arn        = module.fanout_table.dynamodb_table_arn
  processor_function_arn  = local.processor_function_arn
  failures_queue_arn      = module.lambda.failures_queue_arn
  processor_log_group_arn = module.lambda.processor_log_group_arn
  failure_log_group_arn   = module.lambda.failure_handler_log_group_arn
}

module "lambda" {
  source = "./modules/lambda"

  processor_name                  = local.processor_name
  failure_handler_name            = local.failure_handler_name
  failures_queue_name             = local.failures_queue_name
  dlq_name                        = local.dlq_name
  zip_path                        = local.lambda_zip_path
  architecture                    = var.lambda_architecture
  processor_role_arn              = module.iam.processor_role_arn
  failure_handler_role_arn        = module.iam.failure_handler_role_arn
  processor_memory_mb             = var.processor_memory_mb
  processor_timeout_seconds       = var.processor_timeout_seconds
  failure_handler_memory_mb       = var.failure_handler_memory_mb
  failure_handler_timeout_seconds = var.failure_handler_timeout_seconds
  maximum_retry_attempts          = var.maximum_retry_attempts
  maximum_event_age_in_seconds    = var.maximum_event_age_in_seconds
  failures_maximum_concurrency    = var.failures_maximum_concurrency
  log_retention_days              = var.log_retention_days
  environment_variables           = local.handler_environment
}

module "monitoring" {
  source = "./modules/monitoring"

  dashboard_name          = local.dashboard_name
  alarm_prefix            = local.name_prefix
  region                  = var.region
  processor_function_name = module.lambda.processor_function_name
  failure_function_name   = module.lambda.failure_handler_function_name
  table_name              = module.dynamodb.dynamodb_table_name
  dlq_name                = module.lambda.dlq_name
  failures_queue_name     = module.lambda.failures_queue_name
  metrics_namespace       = var.metrics_namespace
  environment             = var.environment
  alarm_actions           = var.alarm_actions
}
