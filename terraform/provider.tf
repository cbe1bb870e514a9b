# One provider configuration for both targets. Everything LocalStack-specific is gated on
# var.localstack_endpoint, which is set in localstack.tfvars and empty in aws.tfvars: on AWS the
# provider gets no endpoints block, no static credentials and no skip_* settings at all.

locals {
  is_localstack = var.localstack_endpoint != ""
}

provider "aws" {
  region = var.region

  # LocalStack accepts any credentials; `test`/`test` is its documented convention.
  access_key = local.is_localstack ? "test" : null
  secret_key = local.is_localstack ? "test" : null

  s3_use_path_style           = local.is_localstack
  skip_credentials_validation = local.is_localstack
  skip_metadata_api_check     = local.is_localstack
  skip_requesting_account_id  = local.is_localstack

  dynamic "endpoints" {
    for_each = local.is_localstack ? [var.localstack_endpoint] : []
    content {
      cloudwatch = endpoints.value
      dynamodb   = endpoints.value
      iam        = endpoints.value
      lambda     = endpoints.value
      logs       = endpoints.value
      s3         = endpoints.value
      sqs        = endpoints.value
      sts        = endpoints.value
    }
  }

  default_tags {
    tags = merge(
      {
        Project     = var.project
        Environment = var.environment
        ManagedBy   = "terraform"
      },
      var.tags,
    )
  }
}
