import type { DeployTarget } from './constants.js';

/** The outputs of a deployed environment, from `terraform output -json`. */
export interface TerraformOutputs {
  bucket: string;
  /** Key prefix whose uploads trigger the processor (`upload_prefix`). */
  upload_prefix: string;
  /** Key prefix of the summaries (`processed_prefix`). */
  processed_prefix: string;
  table: string;
  function_name: string;
  failure_function_name: string;
  dlq_url: string;
  failures_queue_url: string;
  dashboard: string;
  region: string;
  environment: DeployTarget;
  /** LocalStack edge URL; undefined on AWS. */
  endpoint_url?: string;
  /** Processor log group. */
  log_group?: string;
  /** Failure handler log group. */
  failure_log_group?: string;
  /** Coordination table of split uploads (deployments before issue 15 have none). */
  fanout_table?: string;
  /** Key prefix of split uploads' parts. */
  parts_prefix?: string;
}

/** Environment variables of a child process. */
export type Env = Record<string, string | undefined>;

/** Where and how the deploy commands run; every field has a default. */
export interface DeployContext {
  /** Repository root (holds terraform/ and dist/); default: the current directory. */
  rootDir: string;
  /** Environment the commands start from; default: process.env. */
  env: Env;
  /** `inherit` shows terraform's output and prompts; `pipe` captures it (tests). */
  stdio: 'inherit' | 'pipe';
  /**
   * LocalStack health URL; default: the health path under the `localstack_endpoint` of
   * terraform/localstack.tfvars, the endpoint Terraform and the clients use.
   */
  healthUrl?: string;
  /** Progress messages. */
  log: (message: string) => void;
}
