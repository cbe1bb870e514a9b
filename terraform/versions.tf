terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6, < 4.0"
    }
  }

  # State: the default local backend, one Terraform workspace per target
  # (`localstack`, `aws`), selected by `ingest deploy --env <target>`.
}
