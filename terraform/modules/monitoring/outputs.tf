output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "alarm_names" {
  description = "Names of the alarms."
  value = [
    aws_cloudwatch_metric_alarm.processor_errors.alarm_name,
    aws_cloudwatch_metric_alarm.failure_handler_errors.alarm_name,
    aws_cloudwatch_metric_alarm.dlq_messages.alarm_name,
  ]
}
