import {
  defaultValueOf,
  FUNCTION_VARIABLES,
  type FunctionVariableName,
} from '../../pipeline/functionEnvironment.js';

/** What the local target knows when it sets up both functions' environment. */
export interface LocalFunctionEnvironmentInput {
  table: string;
  bucket: string;
  uploadPrefix: string;
  processedPrefix: string;
  partsPrefix: string;
  fanoutTable: string;
  /** The `ENVIRONMENT` dimension (default `local`). */
  environment: string;
  /** The emulators, and the Lambda Invoke endpoint (split uploads invoke the processor). */
  endpoints: { s3: string; dynamodb: string; lambda: string };
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxFileBytes?: number | undefined;
  maxDecompressedBytes?: number | undefined;
  maxCompressionRatio?: number | undefined;
  fanoutMinBytes?: number | undefined;
  fanoutMaxPieces?: number | undefined;
  /** Extra or overriding variables (e.g. `POWERTOOLS_LOG_LEVEL`), applied last. */
  overrides?: Readonly<Record<string, string>> | undefined;
}

/**
 * The functions' environment on the local target, as Terraform's `handler_environment` sets it
 * in the cloud: every variable of FUNCTION_ENVIRONMENT (src/pipeline/functionEnvironment.ts),
 * the deployment's values or the contract's defaults, plus the AWS SDK's own variables that
 * point the clients at the emulators (endpoints, test credentials, checksums only when
 * required, which s3rver needs: it would store aws-chunked framing as data).
 */
export function localFunctionEnvironment(
  input: LocalFunctionEnvironmentInput,
): Record<string, string> {
  const given: Partial<Record<FunctionVariableName, string | number | undefined>> = {
    DYNAMODB_TABLE: input.table,
    S3_BUCKET: input.bucket,
    UPLOAD_PREFIX: input.uploadPrefix,
    PROCESSED_PREFIX: input.processedPrefix,
    PARTS_PREFIX: input.partsPrefix,
    FANOUT_TABLE: input.fanoutTable,
    FANOUT_MIN_BYTES: input.fanoutMinBytes,
    FANOUT_MAX_PIECES: input.fanoutMaxPieces,
    MAX_FILE_BYTES: input.maxFileBytes,
    MAX_DECOMPRESSED_BYTES: input.maxDecompressedBytes,
    MAX_COMPRESSION_RATIO: input.maxCompressionRatio,
    // The emulators serve one host name for every bucket.
    S3_FORCE_PATH_STYLE: 'true',
    ENVIRONMENT: input.environment,
  };
  const contract: Record<string, string> = {};
  for (const name of FUNCTION_VARIABLES) {
    const value = given[name] === undefined ? defaultValueOf(name) : String(given[name]);
    if (value !== undefined) contract[name] = value;
  }
  return {
    ...contract,
    AWS_ENDPOINT_URL_S3: input.endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_LAMBDA: input.endpoints.lambda,
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...input.overrides,
  };
}
