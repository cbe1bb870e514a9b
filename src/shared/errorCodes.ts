/**
 * The registry of the project's error codes: each code once, with its one meaning. Every
 * layer's code table is a selection from it (`codeTable`), so two layers that use one code use
 * it with the same meaning, and a new code is added here first. Codes are public contracts:
 * the item's `error_code`, `ingest profile --json`'s `error_code` and every command's
 * `error CODE: message` line; do not rename one.
 */
export const ERROR_CODES = {
  // Files that cannot be profiled (src/profile/errors.ts owns the table): item error_code and
  // ingest profile's error_code.
  EMPTY_FILE: 'the file is empty',
  NOT_TEXT: 'the file is binary, not text',
  MALFORMED_CSV: 'the file is not parseable CSV',
  FIELD_TOO_LARGE: 'a field is larger than the parser allows',
  TOO_MANY_COLUMNS: 'a row has more columns than the profiler allows',
  UNSUPPORTED_ENCODING: 'the text is in an encoding the profiler does not read',
  DECOMPRESSED_TOO_LARGE:
    'gzip data expands beyond MAX_DECOMPRESSED_BYTES or MAX_COMPRESSION_RATIO',
  CORRUPT_GZIP: 'gzip data that is cut off, does not inflate, or whose CRC-32 or length differs',

  // The processor (src/pipeline/errors.ts): item error_code, and the function's own failures.
  FILE_TOO_LARGE: 'the object is larger than MAX_FILE_BYTES',
  TIMEOUT: "the Lambda invocation's remaining time ran out while the object was processed",
  PROCESSING_FAILED: 'Lambda gave up retrying the object; written by the failure handler',
  INVALID_CONFIG: 'a variable of the function environment is missing or invalid',
  RECORDS_FAILED: 'records failed transiently; the invocation fails so that Lambda retries it',

  // Input files of the CLI (src/cli/io.ts).
  FILE_NOT_FOUND: 'the input file does not exist',
  NOT_A_FILE: 'the input is a directory or another non-file',
  FILE_NOT_READABLE: 'the input file cannot be read (permission denied, I/O error)',
  USAGE: 'the command line is wrong (a flag value, a missing argument)',

  // The local target (src/local/errors.ts).
  ALREADY_RUNNING: 'the local stack is already running',
  NOT_RUNNING: 'the local stack is not running',
  EMULATOR_START_FAILED: 'an emulator could not listen (port in use, data directory locked)',
  BUNDLE_NOT_FOUND: 'the Lambda bundle to run does not exist',
  THROTTLED: "every concurrency slot of the function is busy (Lambda's 429)",
  WAIT_TIMEOUT: 'a wait (for an item, a summary, an idle stack) did not finish in time',

  // Deploying and the targets (src/deploy/errors.ts, src/experiments/errors.ts).
  TOOL_NOT_FOUND: 'a command-line tool (terraform, npm, aws) is not on PATH',
  BUILD_FAILED: 'the Lambda build failed or wrote no zip',
  LOCALSTACK_UNAVAILABLE: 'LocalStack does not answer, or lacks a service the stack needs',
  TERRAFORM_FAILED: 'a terraform command exited non-zero',
  BAD_OUTPUTS: 'terraform output lacks an output every deployment has',
  BUCKET_NOT_EMPTY: 'the bucket could not be emptied: objects keep arriving',
  NOT_DEPLOYED: 'the stack, or a resource of it, is not deployed',
  NOT_CONFIRMED: 'the user did not confirm; nothing was changed or run',
  TARGET_UNREACHABLE: 'the target does not answer (no LocalStack, no network)',
  ACCESS_DENIED: 'AWS refused the request as not allowed (403)',
  AWS_CREDENTIALS: 'the AWS credentials are missing, invalid or expired',
  AWS_BAD_RESPONSE: 'the endpoint answered in a format the AWS SDK cannot parse',
  AWS_ERROR: 'AWS refused the request for another reason',
  VERIFY_FAILED: 'the pipeline produced a result, but not the expected one',
  BAD_RESULTS: 'a results file is not valid JSON or does not match its schema',
  NO_METRICS: 'no metrics are available for the target',

  // The local dashboard's answers (src/dashboard/errors.ts); FILE_TOO_LARGE there is the same
  // limit (the function's MAX_FILE_BYTES) applied before an upload is stored.
  HOST_NOT_ALLOWED: "the Host header is not the dashboard's loopback address (DNS rebinding)",
  ORIGIN_NOT_ALLOWED: 'the Origin names another site, or a state-changing request has none',
  BAD_TOKEN: "a state-changing request without the dashboard process's token",
  LENGTH_REQUIRED: 'an upload without a Content-Length (its size must be known first)',
  INVALID_NAME: 'an upload name that is empty, too long, or has control characters or dot segments',
  UNSUPPORTED_SUFFIX: 'an upload name the bucket notification does not match',
  NOT_FOUND: 'no item, result object or on-failure record by that name',
  METHOD_NOT_ALLOWED: 'the HTTP method is not served at that path',
  INTERNAL: 'the dashboard failed while answering (an emulator error)',
  DASHBOARD_START_FAILED: 'the dashboard cannot listen on its port',

  // AWS's rule tables (src/aws/errors.ts).
  UNMODELLED_OPERATION: 'an AWS operation has no row in the IAM action table',
  UNMODELLED_PARAMETER: 'a request parameter whose IAM effect the action table does not state',
  INVALID_RESOURCE: 'a request lacks what its resource ARN is built from',
  INVALID_KEY_RULES: 'src/aws/keyRules.json breaks one of its own rules',
} as const;

/** A code of the registry. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * A layer's code table: the given registry codes, each as its own value (`as const` style).
 *
 * @example export const LocalErrorCode = codeTable('ALREADY_RUNNING', 'NOT_RUNNING');
 */
export function codeTable<const C extends ErrorCode>(...codes: C[]): { readonly [K in C]: K } {
  return Object.freeze(Object.fromEntries(codes.map((code) => [code, code]))) as {
    readonly [K in C]: K;
  };
}
