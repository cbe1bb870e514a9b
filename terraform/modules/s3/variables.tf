variable "bucket_name" {
  description = "Globally unique bucket name."
  type        = string
}

variable "force_destroy" {
  description = "Allow destroying a non-empty bucket."
  type        = bool
}

variable "upload_prefix" {
  description = "Key prefix whose object-created events invoke the function."
  type        = string
}

variable "csv_suffixes" {
  description = "Key suffixes that invoke the function (one notification per suffix, case-sensitive)."
  type        = list(string)
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which non-current object versions expire."
  type        = number
}

variable "notification_function_arn" {
  description = "ARN of the function invoked on uploads."
  type        = string
}

variable "notification_function_name" {
  description = "Name of the function invoked on uploads (for its resource policy)."
  type        = string
}

variable "parts_prefix" {
  description = "Key prefix of split uploads' parts, expired by a lifecycle rule."
  type        = string
}

variable "parts_expiration_days" {
  description = "Days after which a split upload's parts expire."
  type        = number
}
