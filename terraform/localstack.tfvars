# terraform -chdir=terraform apply -var-file=localstack.tfvars  (run by: ingest deploy --env localstack)
environment         = "localstack"
region              = "us-east-1"
localstack_endpoint = "http://localhost:4566"
s3_force_path_style = true

force_destroy                   = true
dynamodb_point_in_time_recovery = false
dynamodb_deletion_protection    = false
log_retention_days              = 1
use_lab_role                    = false
