import { isAbsolute, resolve } from 'node:path';
import { REPO_ROOT } from '../shared/repoRoot.js';
import { LOCAL_DEFAULTS } from './constants.js';

/** Resource names of the local stack (as Terraform names them for the environment). */
export interface LocalNames {
  bucket: string;
  table: string;
  /** The coordination table of split uploads (key `split_id`). */
  fanoutTable: string;
  functionName: string;
  failureFunctionName: string;
  failureQueue: string;
  deadLetterQueue: string;
  uploadPrefix: string;
  processedPrefix: string;
  partsPrefix: string;
}

/** What {@link LocalPipeline.start} resolves from its options before it starts anything. */
export interface LocalSettings {
  environment: string;
  host: string;
  port: number;
  dataDir: string;
  bundlePath: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  names: LocalNames;
}

/** The options of `start` that decide names and places (see LocalPipelineOptions). */
export interface LocalSettingsOptions {
  port?: number | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  bundlePath?: string | undefined;
  environment?: string | undefined;
  bucket?: string | undefined;
}

/**
 * Resource names for an environment: `csv-ingest-<env>-files`, `-processor`, `-failures`, ...
 * The bucket of `local` is `csv-ingest-local` unless one is given.
 */
export function localNames(environment: string, bucket?: string): LocalNames {
  const prefix = `${LOCAL_DEFAULTS.project}-${environment}`;
  return {
    bucket: bucket ?? (environment === 'local' ? LOCAL_DEFAULTS.bucket : prefix),
    table: `${prefix}-files`,
    fanoutTable: `${prefix}-fanout`,
    functionName: `${prefix}-processor`,
    failureFunctionName: `${prefix}-failures`,
    failureQueue: `${prefix}-failures`,
    deadLetterQueue: `${prefix}-failures-dlq`,
    uploadPrefix: LOCAL_DEFAULTS.uploadPrefix,
    processedPrefix: LOCAL_DEFAULTS.processedPrefix,
    partsPrefix: LOCAL_DEFAULTS.partsPrefix,
  };
}

/** Resolves the options' defaults; relative paths are taken from the repository root. */
export function resolveLocalSettings(options: LocalSettingsOptions): LocalSettings {
  const environment = options.environment ?? LOCAL_DEFAULTS.environment;
  const bundle = options.bundlePath ?? LOCAL_DEFAULTS.bundlePath;
  return {
    environment,
    host: options.host ?? LOCAL_DEFAULTS.host,
    port: options.port ?? LOCAL_DEFAULTS.port,
    dataDir: resolve(REPO_ROOT, options.dataDir ?? LOCAL_DEFAULTS.dataDir),
    bundlePath: isAbsolute(bundle) ? bundle : resolve(REPO_ROOT, bundle),
    region: LOCAL_DEFAULTS.region,
    credentials: {
      accessKeyId: LOCAL_DEFAULTS.accessKeyId,
      secretAccessKey: LOCAL_DEFAULTS.secretAccessKey,
    },
    names: localNames(environment, options.bucket),
  };
}
