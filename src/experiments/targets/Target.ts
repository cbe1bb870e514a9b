import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TargetKind } from '../constants.js';
import type { IamReport } from '../iam/types.js';
import type { MetricsReport } from '../metrics/types.js';

/** Resource names of a deployed (or started) pipeline. */
export interface TargetNames {
  bucket: string;
  table: string;
  functionName: string;
  failureFunctionName: string;
  uploadPrefix: string;
  processedPrefix: string;
  /** Where split uploads keep their parts, and the table that coordinates their pieces. */
  partsPrefix: string;
  fanoutTable: string;
  /** The processor's log group. */
  logGroup: string;
  /** The `ENVIRONMENT` metric dimension. */
  environment: string;
}

/** The processor's fan-out settings (src/pipeline/functionEnvironment.ts). */
export interface FanoutSettings {
  minBytes: number;
  maxPieces: number;
}

/** One Lambda REPORT line: what the platform measured for one invocation attempt. */
export interface InvocationReport {
  requestId: string;
  /** Epoch ms of the REPORT line (end of the attempt). */
  timestamp: number;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on a cold start only. */
  initDurationMs: number | null;
  /** `error` or `timeout` when the attempt failed (as the REPORT line says). */
  status: string | null;
}

/** What the results record about the target. */
export interface TargetMetadata {
  target: TargetKind;
  region: string;
  bucket: string;
  table: string;
  function_name: string;
  memory_mb: number | null;
  timeout_s: number | null;
  runtime: string | null;
  /** Reserved concurrency (local: the runtime's limit), null when unreserved or unknown. */
  concurrency: number | null;
  endpoint: string | null;
  account: string | null;
}

/** Timings of one deployment cycle (experiment A), in ms per phase. */
export type DeployPhases = Record<string, number>;

/**
 * Where the experiments run: SDK clients and names, plus the few things that differ per
 * target (how to read invocation reports and metrics, force a cold start, check IAM, deploy).
 */
export interface Target {
  readonly kind: TargetKind;
  readonly names: TargetNames;
  readonly region: string;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  /** Region, memory size, timeout, runtime, concurrency, endpoint. */
  describe(): Promise<TargetMetadata>;
  /** Processor REPORT records since `sinceMs` (epoch ms). */
  invocationReports(sinceMs: number): Promise<InvocationReport[]>;
  /** Like `invocationReports`, waiting (briefly) until the given request ids are in. */
  waitForReports(sinceMs: number, requestIds: readonly string[]): Promise<InvocationReport[]>;
  /** Makes the next invocation a cold start (new execution environments). */
  forceColdStart(): Promise<void>;
  /**
   * Experiment I: sets the processor's FANOUT_MIN_BYTES and FANOUT_MAX_PIECES (a configuration
   * update, which also retires its execution environments); null puts back what it had.
   */
  setFanout(settings: FanoutSettings | null): Promise<void>;
  /** Throttled invocation attempts so far, or null where it is not observable at once. */
  throttleCount(): Promise<number | null>;
  /** The metrics of `ingest metrics` for the window since `sinceMs`. */
  metrics(sinceMs: number): Promise<MetricsReport>;
  /** Experiment H: whether the function's role allows what it needs and nothing more. */
  checkIam(): Promise<IamReport>;
  /** Experiment A: one clean deployment, timed per phase. */
  deployCycle(): Promise<DeployPhases>;
  /** Releases clients (and stops what the target started). */
  close(): Promise<void>;
}
