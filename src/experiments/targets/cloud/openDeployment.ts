import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { KEY_RULES } from '../../../aws/keyRules.js';
import {
  DeployErrorCode,
  type DeployTarget,
  isDeployError,
  LOCALSTACK_ENDPOINT,
  NotDeployedError,
  readTerraformOutputs,
  type TerraformOutputs,
} from '../../../deploy/index.js';
import {
  AwsFailure,
  awsRequestError,
  classifyAwsError,
  describeAwsFailure,
} from '../../awsErrors.js';
import { TargetKind } from '../../constants.js';
import { ExperimentError, ExperimentErrorCode, TargetUnreachableError } from '../../errors.js';
import type { TargetNames } from '../Target.js';

// Whether a deployed stack is there to use: its Terraform outputs, LocalStack's health, the AWS
// credentials, the bucket. Each failure is told apart (NOT_DEPLOYED, TARGET_UNREACHABLE,
// ACCESS_DENIED, AWS_CREDENTIALS) before any experiment runs.

/** The two deployed targets. */
export type CloudKind = typeof TargetKind.localstack | typeof TargetKind.aws;

/** Injectable parts of opening a deployed target (tests replace them). */
export interface CloudTargetDeps {
  readOutputs?: (target: DeployTarget) => Promise<TerraformOutputs>;
  /**
   * LocalStack edge URL when the outputs name none; the `endpoint_url` output wins (default
   * http://localhost:4566).
   */
  endpoint?: string;
  /** Health probe timeout (default 3 s). */
  healthTimeoutMs?: number;
}

/** The resource names of a deployment, from its Terraform outputs. */
export function namesFrom(outputs: TerraformOutputs): TargetNames {
  return {
    bucket: outputs.bucket,
    table: outputs.table,
    functionName: outputs.function_name,
    failureFunctionName: outputs.failure_function_name,
    // The deployed stack's own prefixes (terraform/outputs.tf), not this code's defaults.
    uploadPrefix: outputs.upload_prefix,
    processedPrefix: outputs.processed_prefix,
    partsPrefix: outputs.parts_prefix ?? KEY_RULES.partsPrefix,
    fanoutTable: outputs.fanout_table ?? outputs.table.replace(/-files$/, '-fanout'),
    logGroup: outputs.log_group ?? `/aws/lambda/${outputs.function_name}`,
    environment: outputs.environment,
  };
}

/** The LocalStack edge URL of a deployment: the one its clients and its health check use. */
export function edgeEndpoint(outputs: TerraformOutputs, deps: CloudTargetDeps): string {
  return outputs.endpoint_url ?? deps.endpoint ?? LOCALSTACK_ENDPOINT;
}

/** The deployment's Terraform outputs; NOT_DEPLOYED when there are none (TOOL_NOT_FOUND kept). */
export async function readDeployedOutputs(
  kind: CloudKind,
  deps: CloudTargetDeps,
): Promise<TerraformOutputs> {
  try {
    return await (deps.readOutputs ?? readTerraformOutputs)(kind);
  } catch (error) {
    // A missing terraform says nothing about the deployment: report it as it is.
    if (isDeployError(error) && error.code === DeployErrorCode.TOOL_NOT_FOUND) throw error;
    if (isDeployError(error)) {
      throw new NotDeployedError(`${kind} is not deployed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** LocalStack answers its health check at the edge, or TARGET_UNREACHABLE. */
export async function probeLocalStack(endpoint: string, timeoutMs: number): Promise<void> {
  const url = `${endpoint}/_localstack/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new TargetUnreachableError(
      `LocalStack is not reachable at ${endpoint} (${(error as Error).message}): run make localstack-up, then make deploy-localstack`,
      { cause: error },
    );
  }
}

/**
 * The error of a failed HeadBucket, told apart by its answer. HeadBucket has no body, only the
 * status: "If the bucket does not exist or you do not have permission to access it, the HEAD
 * request returns a generic 400 Bad Request, 403 Forbidden or 404 Not Found", and it needs
 * s3:ListBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html).
 */
function headBucketError(error: unknown, bucket: string, kind: CloudKind, where: string): Error {
  const info = classifyAwsError(error);
  if (info === undefined) return error as Error;
  const detail = describeAwsFailure(info);
  switch (info.kind) {
    case AwsFailure.NOT_FOUND:
      return new NotDeployedError(
        `bucket ${bucket} of ${kind} does not exist (${detail}): run ingest deploy --env ${kind}`,
        { cause: error },
      );
    case AwsFailure.FORBIDDEN:
      return new ExperimentError(
        ExperimentErrorCode.ACCESS_DENIED,
        `bucket ${bucket} of ${kind} answers 403 Forbidden (${detail})`,
        {
          cause: error,
          hint: 'Bucket names are global: another account may own this name, or these credentials lack s3:ListBucket on it. Check the account (aws sts get-caller-identity) and its policy.',
        },
      );
    case AwsFailure.UNREACHABLE:
      return new TargetUnreachableError(
        `S3 of ${kind} does not answer at ${where} (${detail}): ${
          kind === TargetKind.localstack
            ? 'is LocalStack running? make localstack-up'
            : 'check the network and AWS_ENDPOINT_URL*'
        }`,
        { cause: error },
      );
    default:
      return awsRequestError(error) ?? (error as Error);
  }
}

/** AWS accepts the credentials (aws) and the bucket answers HeadBucket. */
export async function checkReachable(
  kind: CloudKind,
  clients: { s3: S3Client; sts: STSClient },
  bucket: string,
  where: string,
): Promise<void> {
  if (kind === TargetKind.aws) {
    try {
      await clients.sts.send(new GetCallerIdentityCommand({}));
    } catch (error) {
      throw new TargetUnreachableError(
        `AWS does not accept the credentials (${(error as Error).message}): refresh them (Learner Lab: Start Lab, copy AWS Details into ~/.aws/credentials)`,
        { cause: error },
      );
    }
  }
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    throw headBucketError(error, bucket, kind, where);
  }
}
