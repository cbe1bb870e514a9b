locals {
  name_prefix = "${var.project}-${var.environment}"

  bucket_name          = var.bucket_name != "" ? var.bucket_name : "${local.name_prefix}-${random_id.bucket.hex}"
  table_name           = "${local.name_prefix}-files"
  processor_name       = "${local.name_prefix}-processor"
  failure_handler_name = "${local.name_prefix}-failures"
  failures_queue_name  = "${local.name_prefix}-failures"
  dlq_name             = "${local.name_prefix}-failures-dlq"
  dashboard_name       = local.name_prefix

  # The bundle written by `npm run build` (scripts/build.mjs): index.mjs at the zip root.
  lambda_zip_path = var.lambda_zip_path != "" ? var.lambda_zip_path : "${path.root}/../dist/lambda.zip"

  # What src/pipeline reads from the environment (see the handler config contract).
  handler_environment = {
    DYNAMODB_TABLE               = module.dynamodb.dynamodb_table_name
    S3_BUCKET                    = module.s3.s3_bucket_id
    UPLOAD_PREFIX                = var.upload_prefix
    PROCESSED_PREFIX             = var.processed_prefix
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

resource "random_id" "bucket" {
  byte_length = 4

  lifecycle {
    # One workspace per target keeps the LocalStack and AWS states apart; refuse to mix them.
    precondition {
      condition     = terraform.workspace == "default" || terraform.workspace == var.environment
      error_message = "Workspace \"${terraform.workspace}\" does not match environment \"${var.environment}\": use ingest deploy --env ${var.environment}, or terraform workspace select ${var.environment}."
    }
    precondition {
      condition     = !startswith(var.upload_prefix, var.processed_prefix) && !startswith(var.processed_prefix, var.upload_prefix)
      error_message = "upload_prefix and processed_prefix must not overlap, or summaries would trigger the processor."
    }
  }
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_name             = local.table_name
  point_in_time_recovery = var.dynamodb_point_in_time_recovery
  deletion_protection    = var.dynamodb_deletion_protection
}

module "s3" {
  source = "./modules/s3"

  bucket_name                        = local.bucket_name
  force_destroy                      = var.force_destroy
  upload_prefix                      = var.upload_prefix
  csv_suffixes                       = var.csv_suffixes
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  notification_function_arn          = module.lambda.processor_function_arn
  notification_function_name         = module.lambda.processor_function_name
}

module "iam" {
  source = "./modules/iam"

  name_prefix             = local.name_prefix
  use_lab_role            = var.use_lab_role
  lab_role_name           = var.lab_role_name
  bucket_arn              = module.s3.s3_bucket_arn
  upload_prefix           = var.upload_prefix
  processed_prefix        = var.processed_prefix
  table_arn               = module.dynamodb.dynamodb_table_arn
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
  alarm_actions           = var.alarm_actions
}
