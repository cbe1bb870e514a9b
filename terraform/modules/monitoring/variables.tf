variable "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  type        = string
}

variable "alarm_prefix" {
  description = "Prefix of the alarm names."
  type        = string
}

variable "region" {
  description = "Region shown by the dashboard widgets."
  type        = string
}

variable "processor_function_name" {
  description = "Name of the processor function."
  type        = string
}

variable "failure_function_name" {
  description = "Name of the failure handler function."
  type        = string
}

variable "table_name" {
  description = "Name of the metadata table."
  type        = string
}

variable "dlq_name" {
  description = "Name of the dead-letter queue."
  type        = string
}

variable "failures_queue_name" {
  description = "Name of the on-failure destination queue."
  type        = string
}

variable "metrics_namespace" {
  description = "Namespace of the processor's custom EMF metrics."
  type        = string
}

variable "environment" {
  description = "Value of the environment dimension of the processor's custom metrics (the ENVIRONMENT the handlers get)."
  type        = string
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires or recovers."
  type        = list(string)
  default     = []
}

variable "period_seconds" {
  description = "Period of the dashboard widgets and alarms."
  type        = number
  default     = 60
}
