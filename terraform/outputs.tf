# Read by the CLI (`terraform output -json`, see src/cli/deploy/readTerraformOutputs.ts).

output "bucket" {
  description = "Name of the upload bucket."
  value       = module.s3.s3_bucket_id
}

output "table" {
  description = "Name of the metadata table."
  value       = module.dynamodb.dynamodb_table_name
}

output "fanout_table" {
  description = "Name of the coordination table of split uploads."
  value       = module.fanout_table.dynamodb_table_name
}

output "table_arn" {
  description = "ARN of the metadata table."
  value       = module.dynamodb.dynamodb_table_arn
}

output "function_name" {
  description = "Name of the processor function."
  value       = module.lambda.processor_function_name
}

output "function_arn" {
  description = "ARN of the processor function."
  value       = module.lambda.processor_function_arn
}

output "failure_function_name" {
  description = "Name of the failure handler function."
  value       = module.lambda.failure_handler_function_name
}

output "log_group" {
  description = "Log group of the processor."
  value       = module.lambda.processor_log_group_name
}

output "failure_log_group" {
  description = "Log group of the failure handler."
  value       = module.lambda.failure_handler_log_group_name
}

output "failures_queue_url" {
  description = "URL of the processor's on-failure destination queue."
  value       = module.lambda.failures_queue_url
}

output "dlq_url" {
  description = "URL of the dead-letter queue behind the failures queue."
  value       = module.lambda.dlq_url
}

output "dashboard" {
  description = "Name of the CloudWatch dashboard."
  value       = module.monitoring.dashboard_name
}

output "region" {
  description = "AWS region of the deployment."
  value       = var.region
}

output "environment" {
  description = "Deployment target (localstack or aws)."
  value       = var.environment
}

output "endpoint_url" {
  description = "LocalStack edge URL, or null on AWS."
  value       = local.is_localstack ? var.localstack_endpoint : null
}

output "upload_prefix" {
  description = "Key prefix that triggers the processor."
  value       = local.upload_prefix
}

output "processed_prefix" {
  description = "Key prefix of the summaries."
  value       = local.processed_prefix
}

output "use_lab_role" {
  description = "Whether the functions run with the pre-existing LabRole."
  value       = var.use_lab_role
}

output "parts_prefix" {
  description = "Key prefix of split uploads' parts (plan and piece states), expired by a lifecycle rule."
  value       = local.parts_prefix
}
