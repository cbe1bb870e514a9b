variable "table_name" {
  description = "Name of the table (the metadata table, or the coordination table of split uploads)."
  type        = string
}

variable "hash_key" {
  description = "Partition key (string): the object path under the upload prefix, or a split's id."
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

variable "ttl_attribute" {
  description = "Attribute holding each item's expiry (epoch seconds) for DynamoDB time to live; empty: items never expire."
  type        = string
  default     = ""
}
