import { KEY_RULES } from '../aws/keyRules.js';

/** Defaults of the embedded local target; names match the Terraform defaults for env `local`. */
export const LOCAL_DEFAULTS = {
  project: 'csv-ingest',
  environment: 'local',
  region: 'us-east-1',
  accountId: '000000000000',
  accessKeyId: 'test',
  secretAccessKey: 'test',
  host: '127.0.0.1',
  /**
   * S3 listens on `port`, DynamoDB on `port + 1` (4568/4569: clear of LocalStack's 4566), the
   * dashboard on `port + 2` (src/cli) and the Lambda Invoke endpoint on `port + 3`.
   */
  port: 4568,
  bucket: 'csv-ingest-local',
  table: 'csv-ingest-local-files',
  functionName: 'csv-ingest-local-processor',
  failureFunctionName: 'csv-ingest-local-failures',
  failureQueueName: 'csv-ingest-local-failures',
  handler: 'handler',
  failureHandler: 'failureHandler',
  /** Prefixes and notification suffixes: src/aws/keyRules.json, as Terraform sets them up. */
  uploadPrefix: KEY_RULES.uploadPrefix,
  processedPrefix: KEY_RULES.processedPrefix,
  partsPrefix: KEY_RULES.partsPrefix,
  csvSuffixes: KEY_RULES.csvSuffixes,
  bundlePath: 'dist/lambda/index.mjs',
  dataDir: '.local',
  concurrency: 10,
  timeoutMs: 60_000,
  memoryMb: 512,
  /** Lambda's asynchronous invocation: 2 retries, about 1 s then 2 s apart. */
  retryDelaysMs: [1_000, 2_000],
} as const;

/** Sub-paths of the data directory; `reset` deletes only these. */
export const DATA_LAYOUT = {
  s3: 's3',
  dynamodb: 'dynamodb',
  failures: 'failures',
  /** The event outbox (durable pending invocations, see events/EventOutbox.ts). */
  events: 'events',
  /** Files of damaged S3 objects set aside by `ingest local repair`. */
  quarantine: 'quarantine',
  logs: 'logs',
  metrics: 'metrics.json',
} as const;
