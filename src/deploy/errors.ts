/** Stable codes of deploy errors. */
export const DEPLOY_ERROR_CODES = {
  TOOL_NOT_FOUND: 'TOOL_NOT_FOUND',
  BUILD_FAILED: 'BUILD_FAILED',
  LOCALSTACK_UNAVAILABLE: 'LOCALSTACK_UNAVAILABLE',
  AWS_CREDENTIALS: 'AWS_CREDENTIALS',
  TERRAFORM_FAILED: 'TERRAFORM_FAILED',
  NOT_DEPLOYED: 'NOT_DEPLOYED',
  BAD_OUTPUTS: 'BAD_OUTPUTS',
  NOT_CONFIRMED: 'NOT_CONFIRMED',
  BUCKET_NOT_EMPTY: 'BUCKET_NOT_EMPTY',
} as const;

export type DeployErrorCode = (typeof DEPLOY_ERROR_CODES)[keyof typeof DEPLOY_ERROR_CODES];

/** Base class of the errors of `ingest deploy` / `ingest destroy`; the message says what to do. */
export class DeployError extends Error {
  readonly code: DeployErrorCode;

  constructor(code: DeployErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeployError';
    this.code = code;
  }
}

/** A required command-line tool is not on PATH. */
export class ToolNotFoundError extends DeployError {
  constructor(tool: string, hint: string) {
    super(DEPLOY_ERROR_CODES.TOOL_NOT_FOUND, `${tool} not found on PATH: ${hint}`);
    this.name = 'ToolNotFoundError';
  }
}

/** `npm run build` failed or did not produce the bundle. */
export class BuildFailedError extends DeployError {
  constructor(message: string) {
    super(DEPLOY_ERROR_CODES.BUILD_FAILED, message);
    this.name = 'BuildFailedError';
  }
}

/** LocalStack does not answer, or a service the stack needs is not available. */
export class LocalStackUnavailableError extends DeployError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(DEPLOY_ERROR_CODES.LOCALSTACK_UNAVAILABLE, message, options);
    this.name = 'LocalStackUnavailableError';
  }
}

/** AWS credentials are missing, invalid or expired. */
export class AwsCredentialsError extends DeployError {
  constructor(message: string) {
    super(DEPLOY_ERROR_CODES.AWS_CREDENTIALS, message);
    this.name = 'AwsCredentialsError';
  }
}

/** A terraform command exited non-zero. */
export class TerraformFailedError extends DeployError {
  readonly exitCode: number;

  constructor(args: readonly string[], exitCode: number, detail = '') {
    super(
      DEPLOY_ERROR_CODES.TERRAFORM_FAILED,
      `terraform ${args.join(' ')} exited with ${exitCode}${detail === '' ? '' : `: ${detail}`}`,
    );
    this.name = 'TerraformFailedError';
    this.exitCode = exitCode;
  }
}

/** The environment has no Terraform state (never deployed, or destroyed). */
export class NotDeployedError extends DeployError {
  constructor(target: string) {
    super(
      DEPLOY_ERROR_CODES.NOT_DEPLOYED,
      `environment "${target}" is not deployed: run ingest deploy --env ${target} (or make deploy-${target})`,
    );
    this.name = 'NotDeployedError';
  }
}

/** `terraform output -json` did not contain the expected outputs. */
export class BadOutputsError extends DeployError {
  constructor(message: string) {
    super(DEPLOY_ERROR_CODES.BAD_OUTPUTS, message);
    this.name = 'BadOutputsError';
  }
}

/** The user did not confirm a destroy. */
export class NotConfirmedError extends DeployError {
  constructor(target: string) {
    super(
      DEPLOY_ERROR_CODES.NOT_CONFIRMED,
      `destroy of "${target}" not confirmed; nothing was changed`,
    );
    this.name = 'NotConfirmedError';
  }
}

/** The bucket could not be emptied: objects keep arriving, or the listing cannot be followed. */
export class BucketNotEmptyError extends DeployError {
  constructor(message: string) {
    super(DEPLOY_ERROR_CODES.BUCKET_NOT_EMPTY, message);
    this.name = 'BucketNotEmptyError';
  }
}

/** True for any deploy error. */
export function isDeployError(error: unknown): error is DeployError {
  return error instanceof DeployError;
}
