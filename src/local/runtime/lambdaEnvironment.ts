import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/** Inputs of the environment Lambda gives a function. */
export interface LambdaEnvironmentInput {
  functionName: string;
  handler: string;
  bundlePath: string;
  memoryMb: number;
  region: string;
  /** The function's own variables (Terraform `environment.variables`) plus credentials. */
  environment: Readonly<Record<string, string>>;
}

/**
 * The worker's `process.env`: the function's variables plus the ones Lambda reserves
 * (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `_HANDLER`, ...).
 */
export function lambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    ...input.environment,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${input.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    LAMBDA_TASK_ROOT: dirname(input.bundlePath),
    _HANDLER: `index.${input.handler}`,
  };
}
