# terraform -chdir=terraform apply -var-file=aws.tfvars  (run by: ingest deploy --env aws)
# On AWS Academy Learner Lab, ingest deploy detects the LabRole and adds -var use_lab_role=true.
environment         = "aws"
region              = "us-east-1"
localstack_endpoint = ""
s3_force_path_style = false

force_destroy                   = false
dynamodb_point_in_time_recovery = true
dynamodb_deletion_protection    = true
log_retention_days              = 14
use_lab_role                    = false
