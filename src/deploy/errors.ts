import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of the errors of `ingest deploy` / `ingest destroy` (meanings: src/shared/errorCodes.ts). */
export const DeployErrorCode = codeTable(
  'TOOL_NOT_FOUND',
  'BUILD_FAILED',
  'LOCALSTACK_UNAVAILABLE',
  'AWS_CREDENTIALS',
  'TERRAFORM_FAILED',
  'NOT_DEPLOYED',
  'BAD_OUTPUTS',
  'BUCKET_NOT_EMPTY',
);

export type DeployErrorCode = (typeof DeployErrorCode)[keyof typeof DeployErrorCode];

/** Base class of the errors of `ingest deploy` / `ingest destroy`; the message says what to do. */
export class DeployError extends CodedError<DeployErrorCode> {
  constructor(code: DeployErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'DeployError';
  }
}

/** A required command-line tool is not on PATH. */
export class ToolNotFoundError extends DeployError {
  constructor(tool: string, hint: string) {
    super(DeployErrorCode.TOOL_NOT_FOUND, `${tool} not found on PATH: ${hint}`);
    this.name = 'ToolNotFoundError';
  }
}

/** `npm run build` failed or did not produce the bundle. */
export class BuildFailedError extends DeployError {
  constructor(message: string) {
    super(DeployErrorCode.BUILD_FAILED, message);
    this.name = 'BuildFailedError';
  }
}

/** LocalStack does not answer, or a service the stack needs is not available. */
export class LocalStackUnavailableError extends DeployError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(DeployErrorCode.LOCALSTACK_UNAVAILABLE, message, options);
    this.name = 'LocalStackUnavailableError';
  }
}

/** AWS credentials are missing, invalid or expired. */
export class AwsCredentialsError extends DeployError {
  constructor(message: string) {
    super(DeployErrorCode.AWS_CREDENTIALS, message);
    this.name = 'AwsCredentialsError';
  }
}

/** A terraform command exited non-zero. */
export class TerraformFailedError extends DeployError {
  readonly exitCode: number;

  constructor(args: readonly string[], exitCode: number, detail = '') {
    super(
      DeployErrorCode.TERRAFORM_FAILED,
      `terraform ${args.join(' ')} exited with ${exitCode}${detail === '' ? '' : `: ${detail}`}`,
    );
    this.name = 'TerraformFailedError';
    this.exitCode = exitCode;
  }
}

/**
 * The stack, or a resource of it, is not deployed: no Terraform state (see
 * {@link NotDeployedError.forTarget}), or a target check found a resource missing.
 */
export class NotDeployedError extends DeployError {
  constructor(message: string, options?: CodedErrorOptions) {
    super(DeployErrorCode.NOT_DEPLOYED, message, options);
    this.name = 'NotDeployedError';
  }

  /** The environment has no Terraform state (never deployed, or destroyed). */
  static forTarget(target: string): NotDeployedError {
    return new NotDeployedError(
      `environment "${target}" is not deployed: run ingest deploy --env ${target} (or make deploy-${target})`,
    );
  }
}

/** `terraform output -json` did not contain the expected outputs. */
export class BadOutputsError extends DeployError {
  constructor(message: string) {
    super(DeployErrorCode.BAD_OUTPUTS, message);
    this.name = 'BadOutputsError';
  }
}

/** The bucket could not be emptied: objects keep arriving, or the listing cannot be followed. */
export class BucketNotEmptyError extends DeployError {
  constructor(message: string) {
    super(DeployErrorCode.BUCKET_NOT_EMPTY, message);
    this.name = 'BucketNotEmptyError';
  }
}

/** True for any deploy error. */
export function isDeployError(error: unknown): error is DeployError {
  return error instanceof DeployError;
}
