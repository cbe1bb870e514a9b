import { AwsRequestError, ExperimentErrorCode } from './errors.js';

/**
 * How an AWS SDK call failed. This file owns the reading of SDK errors for the whole CLI: the
 * commands' error lines (`reportError`, cli/main.ts) and the target checks (HeadBucket) use it.
 */
export const AwsFailure = {
  /** 404: the resource does not exist (NotFound, NoSuchBucket, ResourceNotFoundException). */
  NOT_FOUND: 'not_found',
  /** 403: the request is not allowed (AccessDenied), or the bucket belongs to another account. */
  FORBIDDEN: 'forbidden',
  /** The credentials are refused or missing (expired token, unknown key). */
  CREDENTIALS: 'credentials',
  /** No answer: connection refused or reset, name not resolved, timeout. */
  UNREACHABLE: 'unreachable',
  /** An answer the SDK cannot parse (an HTML page, another protocol's XML). */
  BAD_RESPONSE: 'bad_response',
  /** Any other service error. */
  OTHER: 'other',
} as const;
export type AwsFailure = (typeof AwsFailure)[keyof typeof AwsFailure];

/** What `classifyAwsError` read from an error. */
export interface AwsFailureInfo {
  kind: AwsFailure;
  /** The service's error code (`ResourceNotFoundException`) or the system error code. */
  name: string;
  /** HTTP status of the answer; undefined when there was none. */
  status: number | undefined;
  /** First line of the error message. */
  message: string;
}

/** Node system errors (and undici's) that mean the endpoint gave no answer. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Error codes of refused credentials (STS and the services' common errors:
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html, S3's
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), and the SDK's own
 * CredentialsProviderError when it finds none.
 */
const CREDENTIAL_NAMES = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'InvalidClientTokenId',
  'InvalidToken',
  'SignatureDoesNotMatch',
  'TokenRefreshRequired',
  'UnrecognizedClientException',
]);

const FORBIDDEN_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AllAccessDisabled',
  'AuthorizationError',
  'Forbidden',
  'UnauthorizedOperation',
]);

/** Missing resources of the stack. NoSuchKey is left out: a missing object is no missing stack. */
const NOT_FOUND_NAMES = new Set([
  'NoSuchBucket',
  'NoSuchEntity',
  'NotFound',
  'ResourceNotFoundException',
]);

const firstLine = (text: string): string => text.split('\n', 1)[0]!.trim();

/**
 * Reads an error thrown by an AWS SDK v3 `send` (every such error carries `$metadata`; a
 * network failure is the Node system error with `$metadata` added) or a bare network error;
 * undefined for anything else, such as the project's own typed errors.
 */
export function classifyAwsError(error: unknown): AwsFailureInfo | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & {
    code?: unknown;
    syscall?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const fromSdk = typeof fields.$metadata === 'object' && fields.$metadata !== null;
  const network = code !== undefined && NETWORK_CODES.has(code);
  if (!fromSdk && !network && !CREDENTIAL_NAMES.has(error.name)) return undefined;
  const status = fields.$metadata?.httpStatusCode;
  const message = firstLine(error.message);
  const info = (kind: AwsFailure, name = error.name): AwsFailureInfo => ({
    kind,
    name,
    status,
    message,
  });
  if (network) return info(AwsFailure.UNREACHABLE, code);
  if (error.name === 'TimeoutError') return info(AwsFailure.UNREACHABLE);
  if (CREDENTIAL_NAMES.has(error.name)) return info(AwsFailure.CREDENTIALS);
  // The SDK rethrows a parse failure of the body as the parser's error (SyntaxError for JSON)
  // with "Deserialization error" appended and the raw answer in `$response`.
  if (error.name === 'SyntaxError' || /Deserialization error/.test(error.message)) {
    return info(AwsFailure.BAD_RESPONSE);
  }
  if (FORBIDDEN_NAMES.has(error.name) || status === 403) return info(AwsFailure.FORBIDDEN);
  if (NOT_FOUND_NAMES.has(error.name) || (status === 404 && error.name === 'Unknown')) {
    return info(AwsFailure.NOT_FOUND);
  }
  return info(AwsFailure.OTHER);
}

const CODES: Record<AwsFailure, ExperimentErrorCode> = {
  not_found: ExperimentErrorCode.NOT_DEPLOYED,
  unreachable: ExperimentErrorCode.TARGET_UNREACHABLE,
  forbidden: ExperimentErrorCode.ACCESS_DENIED,
  credentials: ExperimentErrorCode.AWS_CREDENTIALS,
  bad_response: ExperimentErrorCode.AWS_BAD_RESPONSE,
  other: ExperimentErrorCode.AWS_ERROR,
};

const HINTS: Record<AwsFailure, string> = {
  not_found:
    'A resource of the deployed stack is missing: deploy it again (ingest deploy --env localstack|aws), or check the names in terraform output.',
  unreachable:
    'The endpoint does not answer: for LocalStack run make localstack-up; for AWS check the network and the region.',
  forbidden:
    "These credentials may not make this request: check the role's or user's IAM policy (Learner Lab allows only some services and actions).",
  credentials:
    "Refresh the AWS credentials (Learner Lab: Start Lab, then copy 'AWS Details > AWS CLI' into ~/.aws/credentials).",
  bad_response:
    'The endpoint answered in another format than the AWS API: on LocalStack, check that the service is in SERVICES (docker-compose.yml) and supports this call.',
  other: 'AWS refused the request; its message above says why.',
};

/** One-line description of a classified failure: `Name (HTTP status): message`. */
export function describeAwsFailure(info: AwsFailureInfo): string {
  const status = info.status === undefined ? '' : ` (HTTP ${info.status})`;
  return `${info.name}${status}: ${info.message}`;
}

/**
 * The typed error of an AWS SDK failure (code, one-line message, hint; the SDK error as its
 * cause), or undefined when `error` is not one. Missing resources read NOT_DEPLOYED and no
 * answer TARGET_UNREACHABLE, the codes the target checks use.
 */
export function awsRequestError(error: unknown): AwsRequestError | undefined {
  const info = classifyAwsError(error);
  if (info === undefined) return undefined;
  return new AwsRequestError(CODES[info.kind], describeAwsFailure(info), {
    cause: error,
    hint: HINTS[info.kind],
  });
}
