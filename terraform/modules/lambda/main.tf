# Two functions from the same bundle: the processor (S3 trigger, asynchronous) and the failure
# handler, which turns the processor's on-failure records into terminal error items. Failed
# failure-handler deliveries end in the dead-letter queue, which is alarmed on.

# --- queues ------------------------------------------------------------------------------------

resource "aws_sqs_queue" "dlq" {
  name                      = var.dlq_name
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "failures" {
  name                       = var.failures_queue_name
  message_retention_seconds  = 1209600
  visibility_timeout_seconds = 6 * var.failure_handler_timeout_seconds
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.failures_max_receive_count
  })
}

# --- log groups (created first, so retention applies and the roles need no CreateLogGroup) -------

resource "aws_cloudwatch_log_group" "processor" {
  name              = "/aws/lambda/${var.processor_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "failure_handler" {
  name              = "/aws/lambda/${var.failure_handler_name}"
  retention_in_days = var.log_retention_days
}

# --- processor ---------------------------------------------------------------------------------

resource "aws_lambda_function" "processor" {
  function_name    = var.processor_name
  role             = var.processor_role_arn
  filename         = var.zip_path
  source_code_hash = filebase64sha256(var.zip_path)
  runtime          = "nodejs22.x"
  handler          = "index.handler"
  architectures    = [var.architecture]
  memory_size      = var.processor_memory_mb
  timeout          = var.processor_timeout_seconds

  environment {
    variables = var.environment_variables
  }

  depends_on = [aws_cloudwatch_log_group.processor]
}

resource "aws_lambda_function_event_invoke_config" "processor" {
  function_name                = aws_lambda_function.processor.function_name
  maximum_retry_attempts       = var.maximum_retry_attempts
  maximum_event_age_in_seconds = var.maximum_event_age_in_seconds

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}

# --- failure handler ---------------------------------------------------------------------------

resource "aws_lambda_function" "failure_handler" {
  function_name    = var.failure_handler_name
  role             = var.failure_handler_role_arn
  filename         = var.zip_path
  source_code_hash = filebase64sha256(var.zip_path)
  runtime          = "nodejs22.x"
  handler          = "index.failureHandler"
  architectures    = [var.architecture]
  memory_size      = var.failure_handler_memory_mb
  timeout          = var.failure_handler_timeout_seconds

  environment {
    variables = var.environment_variables
  }

  depends_on = [aws_cloudwatch_log_group.failure_handler]
}

resource "aws_lambda_event_source_mapping" "failures" {
  event_source_arn        = aws_sqs_queue.failures.arn
  function_name           = aws_lambda_function.failure_handler.arn
  batch_size              = var.failures_batch_size
  function_response_types = ["ReportBatchItemFailures"]

  # Caps the failure handler's share of the account's concurrency (10 on Learner Lab), so a
  # burst of failures cannot throttle the processor. LocalStack 4.14 stores and returns it
  # (lambda_/event_source_mapping/esm_config_factory.py) but does not enforce it.
  scaling_config {
    maximum_concurrency = var.failures_maximum_concurrency
  }
}
