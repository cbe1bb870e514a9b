terraform {
  required_version = ">= 1.5.0"

  required_providers {
    # 5.100 is the last 5.x release; nothing these modules use changed in 6.0 (its upgrade
    # guide: website/docs/guides/version-6-upgrade.html.markdown in the provider repository).
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }

  # No lock file is committed: `terraform init` writes one per machine (.gitignore), and one
  # made from a local provider mirror would hold only that platform's hashes.

  # State: the default local backend, one Terraform workspace per target
  # (`localstack`, `aws`), selected by `ingest deploy --env <target>`.
}
