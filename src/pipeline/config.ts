import { DEFAULTS, ENVIRONMENTS, type Environment } from './constants.js';
import { ConfigError } from './errors.js';
import {
  type FunctionVariableName,
  FUNCTION_ENVIRONMENT as VARIABLES,
} from './functionEnvironment.js';

/**
 * The processor's configuration, read once from the environment at cold start. The variables,
 * their meanings and defaults are FUNCTION_ENVIRONMENT's (src/pipeline/functionEnvironment.ts).
 */
export interface PipelineConfig {
  /** `DYNAMODB_TABLE`: the metadata table. */
  dynamodbTable: string;
  /** `S3_BUCKET`: the bucket the processor serves; records of other buckets are skipped. */
  s3Bucket: string;
  /** `UPLOAD_PREFIX`, default `uploads/`. */
  uploadPrefix: string;
  /** `PROCESSED_PREFIX`, default `processed/`. */
  processedPrefix: string;
  /** `PARTS_PREFIX`, default `parts/`: a split file's plan and piece states. */
  partsPrefix: string;
  /** `FANOUT_TABLE`: the coordination table of split files. */
  fanoutTable: string;
  /** `FANOUT_MIN_BYTES`, default 256 MiB: objects this large are profiled in pieces. */
  fanoutMinBytes: number;
  /** `FANOUT_MAX_PIECES`, default 8: the most pieces per split file (1: never split). */
  fanoutMaxPieces: number;
  /** `MAX_FILE_BYTES`, default 5 GiB: the object's size as S3 stores it. */
  maxFileBytes: number;
  /** `MAX_DECOMPRESSED_BYTES`, default 10 GiB: the most text a gzip upload may expand to. */
  maxDecompressedBytes: number;
  /** `MAX_COMPRESSION_RATIO`, default 100: the most a gzip upload may expand per byte read. */
  maxCompressionRatio: number;
  /** `S3_FORCE_PATH_STYLE` (`true`|`false`), default false. */
  s3ForcePathStyle: boolean;
  /** `ENVIRONMENT`: the `environment` metric dimension. */
  environment: Environment;
  /** `POWERTOOLS_SERVICE_NAME`, default `csv-ingest`. */
  serviceName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`, default `CsvIngest`. */
  metricsNamespace: string;
  /** `POWERTOOLS_LOG_LEVEL`, default `INFO`. */
  logLevel: LogLevelName;
  /** Not from the environment: time kept back from the Lambda deadline. */
  timeoutMarginMs: number;
  /** Not from the environment: DynamoDB item budget in bytes. */
  itemBudgetBytes: number;
}

/** The most pieces a file is split into (each is an invocation and an S3 object). */
const MAX_PIECES = 1000;

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when unset or empty. */
function raw(env: Env, name: FunctionVariableName): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads a required, non-empty string. */
export function readRequiredString(env: Env, name: FunctionVariableName): string {
  const value = raw(env, name);
  if (value === undefined) throw new ConfigError(name, `${name} must be set`);
  return value;
}

/** Reads an optional string with a default. */
export function readString(env: Env, name: FunctionVariableName, fallback: string): string {
  return raw(env, name) ?? fallback;
}

/** Reads a positive safe integer (digits only) with a default. */
export function readPositiveInt(env: Env, name: FunctionVariableName, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new ConfigError(name, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** Reads `true` or `false` (any case) with a default. */
export function readBoolean(env: Env, name: FunctionVariableName, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, `${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

/** Reads one of `allowed` (exact spelling after case folding by `fold`), or the default. */
export function readOneOf<const T extends string>(
  env: Env,
  name: FunctionVariableName,
  allowed: readonly T[],
  fallback: T | undefined,
  fold: (value: string) => string = (value) => value,
): T {
  const value = raw(env, name);
  if (value === undefined) {
    if (fallback === undefined) {
      throw new ConfigError(name, `${name} must be set to one of ${allowed.join('|')}`);
    }
    return fallback;
  }
  const folded = fold(value);
  const match = allowed.find((candidate) => candidate === folded);
  if (match === undefined) {
    throw new ConfigError(
      name,
      `${name} must be one of ${allowed.join('|')}, got ${JSON.stringify(value)}`,
    );
  }
  return match;
}

/** Reads a key prefix: non-empty, ending with `/`, not starting with `/`. */
export function readPrefix(env: Env, name: FunctionVariableName, fallback: string): string {
  const value = readString(env, name, fallback);
  if (!value.endsWith('/') || value.startsWith('/')) {
    throw new ConfigError(
      name,
      `${name} must end with "/" and not start with "/", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Reads and validates the whole configuration; throws {@link ConfigError} naming the variable.
 * @example readConfig(process.env).dynamodbTable
 */
export function readConfig(env: Env = process.env): PipelineConfig {
  const uploadPrefix = readPrefix(env, 'UPLOAD_PREFIX', VARIABLES.UPLOAD_PREFIX.default);
  const processedPrefix = readPrefix(env, 'PROCESSED_PREFIX', VARIABLES.PROCESSED_PREFIX.default);
  if (processedPrefix.startsWith(uploadPrefix) || uploadPrefix.startsWith(processedPrefix)) {
    throw new ConfigError(
      'PROCESSED_PREFIX',
      `PROCESSED_PREFIX must not overlap UPLOAD_PREFIX (${JSON.stringify(processedPrefix)} vs ${JSON.stringify(uploadPrefix)}): the function would trigger itself`,
    );
  }
  const partsPrefix = readPrefix(env, 'PARTS_PREFIX', VARIABLES.PARTS_PREFIX.default);
  for (const [name, other] of [
    ['UPLOAD_PREFIX', uploadPrefix],
    ['PROCESSED_PREFIX', processedPrefix],
  ] as const) {
    if (partsPrefix.startsWith(other) || other.startsWith(partsPrefix)) {
      throw new ConfigError(
        'PARTS_PREFIX',
        `PARTS_PREFIX must not overlap ${name} (${JSON.stringify(partsPrefix)} vs ${JSON.stringify(other)})`,
      );
    }
  }
  const fanoutMaxPieces = readPositiveInt(
    env,
    'FANOUT_MAX_PIECES',
    VARIABLES.FANOUT_MAX_PIECES.default,
  );
  if (fanoutMaxPieces > MAX_PIECES) {
    throw new ConfigError(
      'FANOUT_MAX_PIECES',
      `FANOUT_MAX_PIECES must be at most ${MAX_PIECES}, got ${fanoutMaxPieces}`,
    );
  }
  return {
    dynamodbTable: readRequiredString(env, 'DYNAMODB_TABLE'),
    s3Bucket: readRequiredString(env, 'S3_BUCKET'),
    uploadPrefix,
    processedPrefix,
    partsPrefix,
    fanoutTable: readRequiredString(env, 'FANOUT_TABLE'),
    fanoutMinBytes: readPositiveInt(env, 'FANOUT_MIN_BYTES', VARIABLES.FANOUT_MIN_BYTES.default),
    fanoutMaxPieces,
    maxFileBytes: readPositiveInt(env, 'MAX_FILE_BYTES', VARIABLES.MAX_FILE_BYTES.default),
    maxDecompressedBytes: readPositiveInt(
      env,
      'MAX_DECOMPRESSED_BYTES',
      VARIABLES.MAX_DECOMPRESSED_BYTES.default,
    ),
    maxCompressionRatio: readPositiveInt(
      env,
      'MAX_COMPRESSION_RATIO',
      VARIABLES.MAX_COMPRESSION_RATIO.default,
    ),
    s3ForcePathStyle: readBoolean(
      env,
      'S3_FORCE_PATH_STYLE',
      VARIABLES.S3_FORCE_PATH_STYLE.default,
    ),
    environment: readOneOf(env, 'ENVIRONMENT', ENVIRONMENTS, undefined),
    serviceName: readString(
      env,
      'POWERTOOLS_SERVICE_NAME',
      VARIABLES.POWERTOOLS_SERVICE_NAME.default,
    ),
    metricsNamespace: readString(
      env,
      'POWERTOOLS_METRICS_NAMESPACE',
      VARIABLES.POWERTOOLS_METRICS_NAMESPACE.default,
    ),
    logLevel: readOneOf(
      env,
      'POWERTOOLS_LOG_LEVEL',
      LOG_LEVELS,
      VARIABLES.POWERTOOLS_LOG_LEVEL.default,
      (value) => value.toUpperCase(),
    ),
    timeoutMarginMs: DEFAULTS.timeoutMarginMs,
    itemBudgetBytes: DEFAULTS.itemBudgetBytes,
  };
}
