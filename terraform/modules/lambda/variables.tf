variable "processor_name" {
  description = "Name of the processor function (S3 trigger, handler index.handler)."
  type        = string
}

variable "failure_handler_name" {
  description = "Name of the failure handler function (SQS trigger, handler index.failureHandler)."
  type        = string
}

variable "failures_queue_name" {
  description = "Name of the SQS queue that receives the processor's failed asynchronous invocations."
  type        = string
}

variable "dlq_name" {
  description = "Name of the dead-letter queue behind the failures queue."
  type        = string
}

variable "zip_path" {
  description = "Path of the bundle zip shared by both functions (index.mjs at its root)."
  type        = string
}

variable "architecture" {
  description = "Instruction set architecture of both functions."
  type        = string
  default     = "x86_64"
}

variable "processor_role_arn" {
  description = "Execution role ARN of the processor."
  type        = string
}

variable "failure_handler_role_arn" {
  description = "Execution role ARN of the failure handler."
  type        = string
}

variable "processor_memory_mb" {
  description = "Processor memory in MB."
  type        = number
}

variable "processor_timeout_seconds" {
  description = "Processor timeout in seconds."
  type        = number
}

variable "failure_handler_memory_mb" {
  description = "Failure handler memory in MB."
  type        = number
}

variable "failure_handler_timeout_seconds" {
  description = "Failure handler timeout in seconds."
  type        = number
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous processor invocation (0-2)."
  type        = number

  validation {
    condition     = var.maximum_retry_attempts >= 0 && var.maximum_retry_attempts <= 2
    error_message = "maximum_retry_attempts must be between 0 and 2."
  }
}

variable "maximum_event_age_in_seconds" {
  description = "Maximum age of an asynchronous event (60-21600 seconds)."
  type        = number

  validation {
    condition     = var.maximum_event_age_in_seconds >= 60 && var.maximum_event_age_in_seconds <= 21600
    error_message = "maximum_event_age_in_seconds must be between 60 and 21600."
  }
}

variable "failures_maximum_concurrency" {
  description = "ScalingConfig.MaximumConcurrency of the failures queue's event source mapping (2-1000, validated by the root module)."
  type        = number
}

variable "log_retention_days" {
  description = "Retention of both log groups in days."
  type        = number
}

variable "environment_variables" {
  description = "Environment of both functions (the handler configuration)."
  type        = map(string)
}

variable "failures_batch_size" {
  description = "Failure records per failure-handler invocation."
  type        = number
  default     = 10
}

variable "failures_max_receive_count" {
  description = "Deliveries of a failure record before it moves to the dead-letter queue."
  type        = number
  default     = 5
}
