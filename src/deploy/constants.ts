/** The Terraform targets `ingest deploy` knows (the `local` target needs no deployment). */
export const TARGETS = { localstack: 'localstack', aws: 'aws' } as const;

/** A Terraform deployment target; also the workspace name and the tfvars file stem. */
export type DeployTarget = (typeof TARGETS)[keyof typeof TARGETS];

/** Terraform root module, relative to the repository root. */
export const TERRAFORM_DIR = 'terraform';

/** The Lambda bundle `npm run build` writes, relative to the repository root. */
export const LAMBDA_ZIP = 'dist/lambda.zip';

/** LocalStack's default edge URL (the `localstack_endpoint` of terraform/localstack.tfvars). */
export const LOCALSTACK_ENDPOINT = 'http://localhost:4566';

/** Path of LocalStack's health endpoint, under its edge URL. */
export const LOCALSTACK_HEALTH_PATH = '/_localstack/health';

/**
 * The health URL of LocalStack's default edge (the `localstack_endpoint` of localstack.tfvars).
 * @deprecated `ingest deploy` checks `<localstack_endpoint of localstack.tfvars>/_localstack/health`,
 * the endpoint Terraform and the clients use (see `localStackHealthUrl`); kept for importers.
 */
export const LOCALSTACK_HEALTH_URL = 'http://localhost:4566/_localstack/health';

/** The LocalStack services the stack uses; each must be available. */
export const LOCALSTACK_SERVICES = [
  's3',
  'lambda',
  'dynamodb',
  'iam',
  'sts',
  'cloudwatch',
  'logs',
  'sqs',
] as const;

/** The pre-existing role of AWS Academy Learner Lab accounts. */
export const LAB_ROLE_NAME = 'LabRole';

/** Terraform outputs every deployed environment has (see terraform/outputs.tf). */
export const REQUIRED_OUTPUTS = [
  'bucket',
  'upload_prefix',
  'processed_prefix',
  'table',
  'function_name',
  'failure_function_name',
  'dlq_url',
  'failures_queue_url',
  'dashboard',
  'region',
  'environment',
] as const;

/**
 * What `ingest destroy` removes first, so that nothing writes to the bucket while it is emptied:
 * the S3 trigger and both functions. `terraform destroy -target` destroys a resource "and its
 * dependencies" (https://developer.hashicorp.com/terraform/cli/v1.11.x/commands/destroy), that
 * is, what depends on it (checked with Terraform 1.11.4 on terraform_data resources): here the
 * invoke permission, the async invoke config, the SQS event-source mapping, dashboard and
 * alarms; the bucket, table and queues stay. Resource addresses of terraform/modules/s3/main.tf
 * and terraform/modules/lambda/main.tf (test/infra/deploy.test.ts checks that they exist).
 */
export const WRITERS_FIRST_TARGETS = [
  'module.s3.aws_s3_bucket_notification.this',
  'module.lambda.aws_lambda_function.processor',
  'module.lambda.aws_lambda_function.failure_handler',
] as const;

/** Full `terraform destroy` attempts when uploads keep arriving in the emptied bucket. */
export const DESTROY_ATTEMPTS = 3;

/** Environment variables that would redirect Terraform or the AWS CLI away from the target. */
export const ENDPOINT_VARIABLES = /^AWS_ENDPOINT_URL(_\w+)?$/;
