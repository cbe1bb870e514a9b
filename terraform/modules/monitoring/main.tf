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

  # The processor's EMF metrics (MetricName in src/pipeline/constants.ts), whose only dimension is
  # environment (src/pipeline/metricsDimensions.ts). Each is shown with the statistic that means
  # something for its unit (counts and bytes add up, durations show p95), on a widget of its own
  # scale; no statistic ever mixes milliseconds, bytes and counts.
  custom_metrics = [
    { name = "FilesProcessed", stat = "Sum", widget = "files and quality issues" },
    { name = "FilesFailed", stat = "Sum", widget = "files and quality issues" },
    { name = "QualityIssues", stat = "Sum", widget = "files and quality issues" },
    { name = "RowsProcessed", stat = "Sum", widget = "rows" },
    { name = "BytesProcessed", stat = "Sum", widget = "bytes" },
    { name = "ProcessingTime", stat = "p95", widget = "durations (ms): processing, upload to processing start" },
    { name = "TriggerDelay", stat = "p95", widget = "durations (ms): processing, upload to processing start" },
  ]

  custom_widgets = [
    for i, title in distinct([for m in local.custom_metrics : m.widget]) : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = 18 + floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        title  = "${var.metrics_namespace}: ${title}"
        region = var.region
        view   = "timeSeries"
        period = var.period_seconds
        metrics = [
          for m in local.custom_metrics : [
            var.metrics_namespace, m.name, "environment", var.environment,
            { stat = m.stat, label = "${m.name} (${m.stat})" },
          ] if m.widget == title
        ]
      }
    }
  ]

  queue_widgets = [
    {
      type   = "metric"
      x      = 0
      y      = 30
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
    widgets = concat(local.lambda_widgets, local.dynamodb_widgets, local.custom_widgets, local.queue_widgets)
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
