variable "name_prefix" {
  description = "Prefix of the role and policy names (<project>-<environment>)."
  type        = string
}

variable "use_lab_role" {
  description = "Use the existing role lab_role_name and create no IAM resources (AWS Academy Learner Lab)."
  type        = bool
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

variable "bucket_arn" {
  description = "ARN of the upload bucket."
  type        = string
}

variable "upload_prefix" {
  description = "Prefix the processor reads from (s3:GetObject)."
  type        = string
}

variable "processed_prefix" {
  description = "Prefix the processor writes to (s3:PutObject)."
  type        = string
}

variable "parts_prefix" {
  description = "Prefix of split uploads' parts the processor writes and reads (s3:PutObject, s3:GetObject)."
  type        = string
}

variable "fanout_table_arn" {
  description = "ARN of the coordination table of split uploads (dynamodb:UpdateItem)."
  type        = string
}

variable "processor_function_arn" {
  description = "ARN of the processor, which invokes itself for the pieces of a split upload (lambda:InvokeFunction)."
  type        = string
}

variable "table_arn" {
  description = "ARN of the metadata table."
  type        = string
}

variable "failures_queue_arn" {
  description = "ARN of the processor's on-failure destination queue, consumed by the failure handler."
  type        = string
}

variable "processor_log_group_arn" {
  description = "ARN of the processor's log group."
  type        = string
}

variable "failure_log_group_arn" {
  description = "ARN of the failure handler's log group."
  type        = string
}
