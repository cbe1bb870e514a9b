locals {
  lambda_functions = [var.processor_function_name, var.failure_function_name]

  # One widget per AWS/Lambda metric, both functions on it.
  lambda_widgets = [
    for i, m in [
      { name = "Duration", stat = "p95" },
      { name = "Invocations", stat = "Sum" },
      { name = "Errors", stat = "Sum" },
      { name = "Throttles", stat = "Sum" },
      { name = "ConcurrentExecutions", stat = "Maximum" },
      ] : {
      type   = "metric"
      x      = (i % 3) * 8
      y      = floor(i / 3) * 6
      width  = 8
      height = 6
      properties = {
        title   = "Lambda ${m.name}"
        region  = var.region
        view    = "timeSeries"
        stat    = m.stat
        period  = var.period_seconds
        metrics = [for f in local.lambda_functions : ["AWS/Lambda", m.name, "FunctionName", f]]
      }
    }
  ]

  dynamodb_widgets = [
    for i, m in [
      { name = "SuccessfulRequestLatency", stat = "Average", dims = ["TableName", var.table_name, "Operation", "PutItem"] },
      { name = "ConsumedWriteCapacityUnits", stat = "Sum", dims = ["TableName", var.table_name] },
      { name = "ThrottledRequests", stat = "Sum", dims = ["TableName", var.table_name, "Operation", "PutItem"] },
      ] : {
      type   = "metric"
      x      = i * 8
      y      = 12
      width  = 8
      height = 6
      properties = {
        title   = "DynamoDB ${m.name}"
        region  = var.region
        view    = "timeSeries"
        stat    = m.stat
        period  = var.period_seconds
        metrics = [concat(["AWS/DynamoDB", m.name], m.dims)]
      }
    }
  ]

  # The processor's EMF metrics, found by search so the widget follows the metric dimensions
  # the handler emits (service, environment, ...).
  custom_widgets = [
    {
      type   = "metric"
      x      = 0
      y      = 18
      width  = 12
      height = 6
      properties = {
        title  = "TriggerDelay (upload to processing start)"
        region = var.region
        view   = "timeSeries"
        period = var.period_seconds
        metrics = [[{
          id         = "trigger_delay"
          expression = "SEARCH('Namespace=\"${var.metrics_namespace}\" MetricName=\"TriggerDelay\"', 'Average', ${var.period_seconds})"
          label      = "TriggerDelay"
        }]]
      }
    },
    {
      type   = "metric"
      x      = 12
      y      = 18
      width  = 12
      height = 6
      properties = {
        title  = "${var.metrics_namespace} custom metrics"
        region = var.region
        view   = "timeSeries"
        period = var.period_seconds
        metrics = [[{
          id         = "custom"
          expression = "SEARCH('Namespace=\"${var.metrics_namespace}\"', 'Sum', ${var.period_seconds})"
          label      = "custom"
        }]]
      }
    },
    {
      type   = "metric"
      x      = 0
      y      = 24
      width  = 12
      height = 6
      properties = {
        title  = "Failure queues: messages visible"
        region = var.region
        view   = "timeSeries"
        stat   = "Maximum"
        period = var.period_seconds
        metrics = [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.failures_queue_name],
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dlq_name],
        ]
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.dashboard_name
  dashboard_body = jsonencode({
    widgets = concat(local.lambda_widgets, local.dynamodb_widgets, local.custom_widgets)
  })
}

resource "aws_cloudwatch_metric_alarm" "processor_errors" {
  alarm_name          = "${var.alarm_prefix}-processor-errors"
  alarm_description   = "The processor returned errors (retried, then sent to the failures queue)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.processor_function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "failure_handler_errors" {
  alarm_name          = "${var.alarm_prefix}-failure-handler-errors"
  alarm_description   = "The failure handler returned errors (records are redelivered, then dead-lettered)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.failure_function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "dlq_messages" {
  alarm_name          = "${var.alarm_prefix}-dlq-messages"
  alarm_description   = "Failure records reached the dead-letter queue: uploads without a terminal item."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dlq_name }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}
