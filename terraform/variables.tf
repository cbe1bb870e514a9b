variable "project" {
  description = "Project name, the first part of every resource name."
  type        = string
  default     = "csv-ingest"
}

variable "environment" {
  description = "Deployment target: localstack or aws. Part of every resource name and the ENVIRONMENT metric dimension."
  type        = string

  validation {
    condition     = contains(["localstack", "aws"], var.environment)
    error_message = "environment must be \"localstack\" or \"aws\"."
  }
}

variable "region" {
  description = "AWS region (Learner Lab allows us-east-1 and us-west-2)."
  type        = string
  default     = "us-east-1"
}

variable "localstack_endpoint" {
  description = "LocalStack edge URL. Empty on AWS: then the provider gets no custom endpoints."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Extra tags merged into the provider default tags."
  type        = map(string)
  default     = {}
}

# --- S3 ---------------------------------------------------------------------------------------

variable "bucket_name" {
  description = "Bucket name. Empty: <project>-<environment>-<account id>-<region>."
  type        = string
  default     = ""
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket (test stacks only)."
  type        = bool
  default     = false
}

variable "upload_prefix" {
  description = "Key prefix whose uploads trigger the processor. Null: uploadPrefix of src/aws/keyRules.json."
  type        = string
  default     = null

  validation {
    condition     = var.upload_prefix == null ? true : endswith(var.upload_prefix, "/") && length(var.upload_prefix) > 1
    error_message = "upload_prefix must be a non-empty folder prefix ending in \"/\"."
  }
}

variable "processed_prefix" {
  description = "Key prefix the processor writes summaries to; must not overlap upload_prefix. Null: processedPrefix of src/aws/keyRules.json."
  type        = string
  default     = null

  validation {
    condition     = var.processed_prefix == null ? true : endswith(var.processed_prefix, "/") && length(var.processed_prefix) > 1
    error_message = "processed_prefix must be a non-empty folder prefix ending in \"/\"."
  }
}

variable "csv_suffixes" {
  description = "Key suffixes that trigger the processor, one S3 filter each, matched case-sensitively. Null: csvSuffixes of src/aws/keyRules.json (each suffix in lower and upper case); a subset of those narrows the trigger."
  type        = list(string)
  default     = null

  # S3 refuses two suffix filters of one event type when a key can end with both
  # (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
  validation {
    condition = var.csv_suffixes == null ? true : (
      length(var.csv_suffixes) > 0 &&
      length(distinct(var.csv_suffixes)) == length(var.csv_suffixes) &&
      alltrue([for s in var.csv_suffixes : can(regex("^\\.[^/]+$", s))]) &&
      alltrue([for a in var.csv_suffixes : alltrue([for b in var.csv_suffixes : a == b || !endswith(a, b)])])
    )
    error_message = "csv_suffixes must be distinct \".ext\" suffixes of which no key can end with two (S3 refuses overlapping suffix filters)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which non-current object versions are deleted."
  type        = number
  default     = 7
}

# --- Lambda -----------------------------------------------------------------------------------

variable "lambda_zip_path" {
  description = "Path of the Lambda bundle. Empty: <repo>/dist/lambda.zip, built by npm run build."
  type        = string
  default     = ""
}

variable "lambda_architecture" {
  description = "Lambda instruction set architecture: x86_64 or arm64."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "fanout_min_bytes" {
  description = "Uploads of at least this many bytes are profiled in pieces by invocations of the processor itself (FANOUT_MIN_BYTES; src/pipeline/functionEnvironment.ts says why 256 MiB)."
  type        = number
  default     = 268435456

  validation {
    condition     = var.fanout_min_bytes >= 1 && floor(var.fanout_min_bytes) == var.fanout_min_bytes
    error_message = "fanout_min_bytes must be a whole number of bytes, at least 1."
  }
}

variable "fanout_max_pieces" {
  description = "Most pieces, so processor invocations in flight, per split upload (FANOUT_MAX_PIECES). 8 fits Learner Lab's account concurrency of 10 beside the failure handler's 2; an account with the default 1,000 can take 100 (docs/scaling.md)."
  type        = number
  default     = 8

  validation {
    condition     = var.fanout_max_pieces >= 1 && var.fanout_max_pieces <= 1000 && floor(var.fanout_max_pieces) == var.fanout_max_pieces
    error_message = "fanout_max_pieces must be a whole number from 1 (never split) to 1000."
  }
}

variable "parts_expiration_days" {
  description = "Days after which a split upload's parts (its plan and piece states under the parts prefix) expire; S3 lifecycle rules count whole days."
  type        = number
  default     = 1

  validation {
    condition     = var.parts_expiration_days >= 1 && floor(var.parts_expiration_days) == var.parts_expiration_days
    error_message = "parts_expiration_days must be a whole number, at least 1."
  }
}

variable "processor_memory_mb" {
  description = "Processor memory in MB (CPU scales with it)."
  type        = number
  default     = 1024
}

variable "processor_timeout_seconds" {
  description = "Processor timeout in seconds."
  type        = number
  default     = 300
}

variable "failure_handler_memory_mb" {
  description = "Failure handler memory in MB."
  type        = number
  default     = 256
}

variable "failure_handler_timeout_seconds" {
  description = "Failure handler timeout in seconds."
  type        = number
  default     = 30
}

variable "maximum_retry_attempts" {
  description = "Retries of a failed asynchronous processor invocation before the on-failure destination."
  type        = number
  default     = 2
}

variable "maximum_event_age_in_seconds" {
  description = "Maximum age of an asynchronous event before it goes to the on-failure destination."
  type        = number
  default     = 3600
}

variable "failures_maximum_concurrency" {
  description = "Most concurrent failure-handler invocations the SQS event source starts (2-1000), so failures cannot take the processor's share of the account's concurrency (10 on Learner Lab)."
  type        = number
  default     = 2

  # https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html: minimum 2, maximum 1000.
  validation {
    condition     = var.failures_maximum_concurrency >= 2 && var.failures_maximum_concurrency <= 1000
    error_message = "failures_maximum_concurrency must be between 2 and 1000 (Lambda's ScalingConfig limits)."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the function log groups."
  type        = number
  default     = 14
}

variable "log_level" {
  description = "POWERTOOLS_LOG_LEVEL of the handlers."
  type        = string
  default     = "INFO"
}

variable "max_file_bytes" {
  description = "Largest object the processor profiles (MAX_FILE_BYTES); larger ones end in an error item."
  type        = number
  default     = 5368709120
}

variable "max_decompressed_bytes" {
  description = "Most text a gzip upload may expand to (MAX_DECOMPRESSED_BYTES); beyond it the file ends as DECOMPRESSED_TOO_LARGE."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.max_decompressed_bytes > 0 && floor(var.max_decompressed_bytes) == var.max_decompressed_bytes
    error_message = "max_decompressed_bytes must be a positive whole number of bytes."
  }
}

variable "max_compression_ratio" {
  description = "Most text a gzip upload may expand to per compressed byte read, checked once 16 MiB are out (MAX_COMPRESSION_RATIO); a gzip bomb expands about 1,000 times."
  type        = number
  default     = 100

  validation {
    condition     = var.max_compression_ratio >= 1 && floor(var.max_compression_ratio) == var.max_compression_ratio
    error_message = "max_compression_ratio must be a whole number, at least 1."
  }
}

variable "s3_force_path_style" {
  description = "S3_FORCE_PATH_STYLE for the handlers (true on LocalStack)."
  type        = bool
  default     = false
}

variable "metrics_namespace" {
  description = "CloudWatch namespace of the processor's custom (EMF) metrics."
  type        = string
  default     = "CsvIngest"
}

variable "service_name" {
  description = "POWERTOOLS_SERVICE_NAME of the handlers."
  type        = string
  default     = "csv-ingest"
}

# --- DynamoDB ---------------------------------------------------------------------------------

variable "dynamodb_point_in_time_recovery" {
  description = "Enable point-in-time recovery on the metadata table."
  type        = bool
  default     = true
}

variable "dynamodb_deletion_protection" {
  description = "Enable deletion protection on the metadata table (ingest destroy lifts it first)."
  type        = bool
  default     = true
}

# --- IAM --------------------------------------------------------------------------------------

variable "use_lab_role" {
  description = "Use the existing role lab_role_name (AWS Academy Learner Lab) and create no IAM resources."
  type        = bool
  default     = false
}

variable "lab_role_name" {
  description = "Name of the pre-existing role used when use_lab_role is true."
  type        = string
  default     = "LabRole"
}

variable "lab_role_arn" {
  description = "ARN of the pre-existing role, when iam:GetRole is denied (ingest deploy builds it from the caller identity). Empty: read the role lab_role_name."
  type        = string
  default     = ""

  validation {
    condition     = var.lab_role_arn == "" || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.lab_role_arn))
    error_message = "lab_role_arn must be empty or an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)."
  }
}

# --- Terraform state -------------------------------------------------------------------------

variable "workspace_guard" {
  description = "Refuse to plan when the selected workspace is not this environment's (one state per target). terraform test turns it off: its state lives in memory."
  type        = bool
  default     = true
}

# --- Monitoring -------------------------------------------------------------------------------

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires (for example an SNS topic). Empty: alarms only show state."
  type        = list(string)
  default     = []
}
