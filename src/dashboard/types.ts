/**
 * What the dashboard's page receives (JSON over server-sent events). Text that comes from a
 * file or from an error (`shown`, `message`) has already been through `displayText`
 * (src/report/escape.ts); the page puts every string in through `textContent` only.
 */

/** Where an upload is: waiting or running, failed attempts being retried, or its item's status. */
export type UploadStatus = 'queued' | 'retrying' | 'success' | 'error';

/** One upload (one metadata item) as the page shows it. */
export interface UploadRow {
  /** The item's `file_name`: the path under `uploads/` (raw, for matching only). */
  name: string;
  /** The name as shown: invisible characters made visible, cut when long. */
  shown: string;
  status: UploadStatus;
  /** `error_code` of an error item, or the error type of the last failed attempt. */
  code?: string;
  /** The error message, as shown. */
  message?: string;
  sizeBytes?: number;
  rows?: number;
  columns?: number;
  issues?: number;
  /** Epoch ms of the upload (the S3 event time). */
  uploadedAt?: number;
  /** The item's `processed_timestamp` minus its `upload_timestamp`. */
  uploadToItemMs?: number;
  /** Attempts that failed so far (while `retrying`). */
  failedAttempts?: number;
  /** Paths on the dashboard: the report and summary exist only for a success. */
  links: { report?: string; summary?: string; logs: string };
}

/** One record of the on-failure queue. */
export interface FailureRow {
  /** The failed invocation's request id (the record's `requestContext.requestId`). */
  id: string;
  at: string;
  /** The files its S3 event is about, as shown. */
  files: string[];
  attempts: number;
  /** `errorType: errorMessage`, as shown. */
  error: string;
  /** Set once replayed from this dashboard: the replay's request id and when. */
  replay?: { requestId: string; at: string };
}

/** One bar of the metric charts (processor function). */
export interface MetricsBucket {
  /** Epoch ms of the bucket's start. */
  t: number;
  invocations: number;
  errors: number;
  throttles: number;
  /** Average and maximum duration of the attempts that ended in the bucket (0 when none). */
  durationAvg: number;
  durationMax: number;
}

/** Totals since start (CloudWatch's names) and the recent buckets. */
export interface MetricsView {
  bucketMs: number;
  buckets: MetricsBucket[];
  processor: {
    invocations: number;
    errors: number;
    throttles: number;
    durationP50: number;
    durationP95: number;
  };
  failureHandler: { invocations: number; errors: number };
}

/** Everything the page needs when it (re)connects. */
export interface DashboardState {
  uploads: UploadRow[];
  failures: FailureRow[];
  metrics: MetricsView;
}

/** Fixed facts the page is served with (in its JSON data block). */
export interface PageBoot {
  token: string;
  bucket: string;
  uploadPrefix: string;
  suffixes: readonly string[];
  maxFileBytes: number;
  endpoints: { s3: string; dynamodb: string };
}
