output "processor_function_name" {
  description = "Name of the processor function."
  value       = aws_lambda_function.processor.function_name
}

output "processor_function_arn" {
  description = "ARN of the processor function."
  value       = aws_lambda_function.processor.arn
}

output "failure_handler_function_name" {
  description = "Name of the failure handler function."
  value       = aws_lambda_function.failure_handler.function_name
}

output "failure_handler_function_arn" {
  description = "ARN of the failure handler function."
  value       = aws_lambda_function.failure_handler.arn
}

output "processor_log_group_name" {
  description = "Log group of the processor."
  value       = aws_cloudwatch_log_group.processor.name
}

output "processor_log_group_arn" {
  description = "ARN of the processor's log group."
  value       = aws_cloudwatch_log_group.processor.arn
}

output "failure_handler_log_group_name" {
  description = "Log group of the failure handler."
  value       = aws_cloudwatch_log_group.failure_handler.name
}

output "failure_handler_log_group_arn" {
  description = "ARN of the failure handler's log group."
  value       = aws_cloudwatch_log_group.failure_handler.arn
}

output "failures_queue_name" {
  description = "Name of the on-failure destination queue."
  value       = aws_sqs_queue.failures.name
}

output "failures_queue_arn" {
  description = "ARN of the on-failure destination queue."
  value       = aws_sqs_queue.failures.arn
}

output "failures_queue_url" {
  description = "URL of the on-failure destination queue."
  value       = aws_sqs_queue.failures.url
}

output "dlq_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}
