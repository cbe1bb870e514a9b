variable "table_name" {
  description = "Name of the metadata table."
  type        = string
}

variable "hash_key" {
  description = "Partition key (string): the object path under the upload prefix."
  type        = string
  default     = "file_name"
}

variable "point_in_time_recovery" {
  description = "Enable point-in-time recovery."
  type        = bool
}

variable "deletion_protection" {
  description = "Enable deletion protection."
  type        = bool
}
