import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ProfileErrorCode } from '../profile/errors.js';
import type { ProfileOptions } from '../profile/types.js';
import type { PipelineConfig } from './config.js';
import type { PipelineErrorCode } from './errors.js';

/** Codes an `error` item may carry. */
export type FileErrorCode =
  | ProfileErrorCode
  | typeof PipelineErrorCode.FILE_TOO_LARGE
  | typeof PipelineErrorCode.TIMEOUT
  | typeof PipelineErrorCode.PROCESSING_FAILED;

/** The object an S3 event record refers to, with its ordering key. */
export interface ObjectInfo {
  /** Path under the upload prefix: the item's partition key. */
  fileName: string;
  bucket: string;
  /** Decoded object key. */
  key: string;
  sizeBytes: number | null;
  etag: string | null;
  versionId: string | null;
  sequencer: string | null;
  /** ISO event time from the record. */
  eventTime: string | null;
  orderKey: string;
}

/** Everything the handlers need, injected (index.ts builds the defaults). */
export interface HandlerDeps {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  /**
   * Invokes the function itself for the pieces of a split upload; absent, no upload is split
   * (tests of one pass need no Lambda endpoint).
   */
  lambda?: LambdaClient;
  config: PipelineConfig;
  logger: Logger;
  metrics: Metrics;
  /** Clock in epoch ms; defaults to `Date.now`. */
  now?: () => number;
  /** Profiler options other than `fileName` (e.g. smaller limits in tests). */
  profileOptions?: Omit<ProfileOptions, 'fileName'>;
}

/** What happened to one record. */
export type RecordOutcome =
  | {
      status: 'success';
      fileName: string;
      summaryKey: string;
      reportKey: string;
      truncated: boolean;
      rows: number;
    }
  | { status: 'error'; fileName: string; errorCode: FileErrorCode }
  | { status: 'stale'; fileName: string }
  /** Split into pieces, each invoked asynchronously (the last one records the result). */
  | { status: 'split'; fileName: string; pieces: number }
  /** One piece profiled; not the last, so the result is not recorded yet. */
  | { status: 'piece'; fileName: string; index: number }
  | { status: 'skipped'; key: string; reason: string }
  | { status: 'retry'; key: string; error: string };

/** The handler's return value (ignored by Lambda for S3 events; used by the local runtime). */
export interface HandlerResult {
  records: RecordOutcome[];
}
