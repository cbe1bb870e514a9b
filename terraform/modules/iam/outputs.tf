# The role ARNs wait for the inline policies: Lambda checks the role's SQS permissions when the
# event source mapping and the on-failure destination are created.

output "processor_role_arn" {
  description = "Execution role ARN of the processor (the LabRole with use_lab_role)."
  value       = var.use_lab_role ? local.lab_role_arn : one(aws_iam_role.processor[*].arn)
  depends_on  = [aws_iam_role_policy.processor]
}

output "failure_handler_role_arn" {
  description = "Execution role ARN of the failure handler (the LabRole with use_lab_role)."
  value       = var.use_lab_role ? local.lab_role_arn : one(aws_iam_role.failure_handler[*].arn)
  depends_on  = [aws_iam_role_policy.failure_handler]
}
