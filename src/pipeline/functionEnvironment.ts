import { KEY_RULES } from '../aws/keyRules.js';

/** One variable of the function's environment: what it means, and its default when unset. */
export interface FunctionVariable<T extends string | number | boolean = string | number | boolean> {
  readonly meaning: string;
  /** Absent: the variable is required (set per deployment). */
  readonly default?: T;
}

/**
 * The function's environment contract: every variable the handlers read (both functions get
 * the same set), its meaning and its default. This table owns it: `readConfig` reads exactly
 * these, Terraform's `handler_environment` (terraform/main.tf) sets exactly these, and so does
 * the local target (src/local/runtime/functionEnvironment.ts); test/terraform/functionEnvironment.test.ts
 * holds both to it. Endpoints and credentials are not part of it: the SDK reads them from its
 * own `AWS_*` variables.
 */
export const FUNCTION_ENVIRONMENT = {
  DYNAMODB_TABLE: { meaning: 'the metadata table' },
  S3_BUCKET: { meaning: 'the bucket the processor serves; records of other buckets are skipped' },
  UPLOAD_PREFIX: {
    meaning: 'key prefix of the uploads the processor profiles (src/aws/keyRules.json)',
    default: KEY_RULES.uploadPrefix,
  },
  PROCESSED_PREFIX: {
    meaning: 'key prefix of the summaries and reports it writes (src/aws/keyRules.json)',
    default: KEY_RULES.processedPrefix,
  },
  MAX_FILE_BYTES: {
    meaning: "the largest object profiled, as S3 stores it (5 GiB, S3's largest single PUT)",
    default: 5 * 1024 ** 3,
  },
  MAX_DECOMPRESSED_BYTES: {
    meaning:
      'the most text a gzip upload may expand to (10 GiB: twice the largest plain upload, about what one Lambda profiles in 15 minutes)',
    default: 10 * 1024 ** 3,
  },
  MAX_COMPRESSION_RATIO: {
    meaning:
      "the most a gzip upload may expand per compressed byte read, beyond which it is a gzip bomb (Apache POI's ZipSecureFile default, a minimum inflate ratio of 0.01; CSV compresses 3 to 20 times, a bomb about 1,000 times)",
    default: 100,
  },
  PARTS_PREFIX: {
    meaning:
      "key prefix of a split file's plan and its pieces' states (src/aws/keyRules.json); an S3 lifecycle rule expires them",
    default: KEY_RULES.partsPrefix,
  },
  FANOUT_TABLE: {
    meaning:
      'the coordination table of split files: one item per split upload (the set of pieces done), expiring by TTL',
  },
  FANOUT_MIN_BYTES: {
    meaning:
      'objects of at least this size are profiled in pieces by invocations of the function itself (256 MiB: one invocation takes about 3 s for it at 1,769 MB, and a piece costs about 0.5 s of start, requests and merge)',
    default: 256 * 1024 ** 2,
  },
  FANOUT_MAX_PIECES: {
    meaning:
      "the most pieces, so invocations in flight, per split file (8: Learner Lab's account concurrency is 10, and the failure handler may take 2)",
    default: 8,
  },
  S3_FORCE_PATH_STYLE: {
    meaning: 'path-style S3 requests (LocalStack and the local target need them)',
    default: false,
  },
  ENVIRONMENT: { meaning: 'the `environment` metric dimension: local, localstack or aws' },
  POWERTOOLS_SERVICE_NAME: {
    meaning: 'the service name of logs and metrics',
    default: 'csv-ingest',
  },
  POWERTOOLS_METRICS_NAMESPACE: {
    meaning: 'the CloudWatch namespace of the custom metrics',
    default: 'CsvIngest',
  },
  POWERTOOLS_LOG_LEVEL: { meaning: 'the log level', default: 'INFO' },
} as const satisfies Record<string, FunctionVariable>;

/** The name of a variable of the function's environment. */
export type FunctionVariableName = keyof typeof FUNCTION_ENVIRONMENT;

/** The variables of the contract, in the table's order. */
export const FUNCTION_VARIABLES = Object.keys(FUNCTION_ENVIRONMENT) as FunctionVariableName[];

/** A variable's default as the environment spells it (`'5368709120'`, `'false'`), or undefined. */
export function defaultValueOf(name: FunctionVariableName): string | undefined {
  const spec: FunctionVariable = FUNCTION_ENVIRONMENT[name];
  return spec.default === undefined ? undefined : String(spec.default);
}
