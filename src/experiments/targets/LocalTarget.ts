import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DATA_LAYOUT,
  LOCAL_DEFAULTS,
  LocalPipeline,
  type LocalPipelineOptions,
  LocalStateError,
} from '../../local/index.js';
import { REPO_ROOT } from '../../shared/repoRoot.js';
import { TargetKind } from '../constants.js';
import { TargetUnreachableError } from '../errors.js';
import { buildIamChecks, notEnforcedReport } from '../iam/iamChecks.js';
import type { IamReport } from '../iam/types.js';
import { type LogEvent, metricsFromLogs, reportsFromLogs } from '../metrics/metricsFromLogs.js';
import { metricsFromSnapshot } from '../metrics/metricsFromSnapshot.js';
import type { MetricsReport } from '../metrics/types.js';
import type {
  DeployPhases,
  FanoutSettings,
  InvocationReport,
  Target,
  TargetMetadata,
  TargetNames,
} from './Target.js';

/** Options of {@link LocalTarget.start}. */
export interface LocalTargetOptions {
  /** Lambda bundle (default `dist/lambda/index.mjs`). */
  bundlePath?: string;
  /** Data directory to keep (default: a temporary one, removed by `close`). */
  dataDir?: string;
  /** Processor concurrency limit (default 10, as in Learner Lab). */
  concurrency?: number;
  /** Memory size of the functions (default 512 MB). */
  memoryMb?: number;
  /** Lambda's asynchronous retry delays (default [1000, 2000]). */
  retryDelaysMs?: readonly number[];
}

/** Options of {@link LocalTarget.connect}. */
export interface LocalConnectOptions {
  /** S3 port of the running `ingest local start` (DynamoDB on port + 1; default 4568). */
  port?: number;
  /** Its data directory (default `.local`), for the function logs. */
  dataDir?: string;
}

const LOCAL_CREDENTIALS = {
  accessKeyId: LOCAL_DEFAULTS.accessKeyId,
  secretAccessKey: LOCAL_DEFAULTS.secretAccessKey,
};

function localNames(functionName: string, bucket: string, table: string): TargetNames {
  return {
    bucket,
    table,
    functionName,
    failureFunctionName: LOCAL_DEFAULTS.failureFunctionName,
    uploadPrefix: LOCAL_DEFAULTS.uploadPrefix,
    processedPrefix: LOCAL_DEFAULTS.processedPrefix,
    partsPrefix: LOCAL_DEFAULTS.partsPrefix,
    fanoutTable: table.replace(/-files$/, '-fanout'),
    logGroup: `/aws/lambda/${functionName}`,
    environment: LOCAL_DEFAULTS.environment,
  };
}

/** Reads `<dataDir>/logs/<function>.log` (lines `timestamp<TAB>message`) as log events. */
async function readLogFile(dataDir: string, functionName: string): Promise<LogEvent[]> {
  const text = await readFile(join(dataDir, DATA_LAYOUT.logs, `${functionName}.log`), 'utf8').catch(
    () => '',
  );
  const events: LogEvent[] = [];
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab === -1) continue;
    const timestamp = Date.parse(line.slice(0, tab));
    if (Number.isFinite(timestamp)) events.push({ timestamp, message: line.slice(tab + 1) });
  }
  return events;
}

/**
 * The embedded `local` target: either a {@link LocalPipeline} this process starts on ephemeral
 * ports in a temporary data directory, or a running `ingest local start` it connects to.
 */
export class LocalTarget implements Target {
  readonly kind = TargetKind.local;
  readonly region = LOCAL_DEFAULTS.region;
  readonly names: TargetNames;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly #pipeline: LocalPipeline | undefined;
  readonly #dataDir: string;
  readonly #removeDataDir: boolean;
  readonly #options: LocalTargetOptions;
  readonly #reports: InvocationReport[] = [];
  readonly #unsubscribe: (() => void) | undefined;
  readonly #endpoint: string;

  private constructor(init: {
    pipeline?: LocalPipeline;
    s3: S3Client;
    dynamodb: DynamoDBClient;
    names: TargetNames;
    dataDir: string;
    removeDataDir: boolean;
    options: LocalTargetOptions;
    endpoint: string;
  }) {
    this.#pipeline = init.pipeline;
    this.s3 = init.s3;
    this.dynamodb = init.dynamodb;
    this.names = init.names;
    this.#dataDir = init.dataDir;
    this.#removeDataDir = init.removeDataDir;
    this.#options = init.options;
    this.#endpoint = init.endpoint;
    this.#unsubscribe = init.pipeline?.onInvocation((record) => {
      if (record.functionName !== this.names.functionName) return;
      this.#reports.push({
        requestId: record.requestId,
        timestamp: record.endedAt,
        durationMs: record.durationMs,
        billedDurationMs: record.billedDurationMs,
        memorySizeMb: init.options.memoryMb ?? LOCAL_DEFAULTS.memoryMb,
        maxMemoryUsedMb: record.maxMemoryUsedMb,
        initDurationMs: record.initDurationMs ?? null,
        status: record.ok ? null : 'error',
      });
    });
  }

  /** Starts an embedded pipeline (ephemeral ports; a temporary data dir unless one is given). */
  static async start(options: LocalTargetOptions = {}): Promise<LocalTarget> {
    const dataDir = options.dataDir
      ? resolve(options.dataDir)
      : await mkdtemp(join(tmpdir(), 'ingest-local-'));
    const pipeline = new LocalPipeline();
    const startOptions: LocalPipelineOptions = {
      port: 0,
      dataDir,
      reset: options.dataDir === undefined,
      ...(options.bundlePath === undefined ? {} : { bundlePath: options.bundlePath }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.memoryMb === undefined ? {} : { memoryMb: options.memoryMb }),
      ...(options.retryDelaysMs === undefined ? {} : { retryDelaysMs: options.retryDelaysMs }),
    };
    try {
      const info = await pipeline.start(startOptions);
      return new LocalTarget({
        pipeline,
        s3: pipeline.s3Client,
        dynamodb: pipeline.dynamoClient,
        names: localNames(info.names.functionName, info.names.bucket, info.names.table),
        dataDir,
        removeDataDir: options.dataDir === undefined,
        options,
        endpoint: info.endpoints.s3,
      });
    } catch (error) {
      await pipeline.stop().catch(() => {});
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Connects to a running `ingest local start`; throws TargetUnreachableError if none answers. */
  static async connect(options: LocalConnectOptions = {}): Promise<LocalTarget> {
    const port = options.port ?? LOCAL_DEFAULTS.port;
    const host = LOCAL_DEFAULTS.host;
    const endpoint = `http://${host}:${port}`;
    const s3 = new S3Client({
      region: LOCAL_DEFAULTS.region,
      endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    const dynamodb = new DynamoDBClient({
      region: LOCAL_DEFAULTS.region,
      endpoint: `http://${host}:${port + 1}`,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await s3.send(new HeadBucketCommand({ Bucket: LOCAL_DEFAULTS.bucket }));
    } catch (error) {
      s3.destroy();
      dynamodb.destroy();
      throw new TargetUnreachableError(
        `no local pipeline answers at ${endpoint}: start one with ingest local start, or drop --connect to start an embedded one`,
        { cause: error },
      );
    }
    return new LocalTarget({
      s3,
      dynamodb,
      names: localNames(LOCAL_DEFAULTS.functionName, LOCAL_DEFAULTS.bucket, LOCAL_DEFAULTS.table),
      dataDir: resolve(REPO_ROOT, options.dataDir ?? LOCAL_DEFAULTS.dataDir),
      removeDataDir: false,
      options: {},
      endpoint,
    });
  }

  /** The embedded pipeline, when this target started one. */
  get pipeline(): LocalPipeline | undefined {
    return this.#pipeline;
  }

  async describe(): Promise<TargetMetadata> {
    return {
      target: this.kind,
      region: this.region,
      bucket: this.names.bucket,
      table: this.names.table,
      function_name: this.names.functionName,
      memory_mb: this.#options.memoryMb ?? LOCAL_DEFAULTS.memoryMb,
      timeout_s: LOCAL_DEFAULTS.timeoutMs / 1000,
      runtime: `node${process.versions.node} (worker thread)`,
      concurrency: this.#options.concurrency ?? LOCAL_DEFAULTS.concurrency,
      endpoint: this.#endpoint,
      account: LOCAL_DEFAULTS.accountId,
    };
  }

  async invocationReports(sinceMs: number): Promise<InvocationReport[]> {
    if (this.#pipeline) return this.#reports.filter((report) => report.timestamp >= sinceMs);
    const events = await readLogFile(this.#dataDir, this.names.functionName);
    return reportsFromLogs(events).filter((report) => report.timestamp >= sinceMs);
  }

  async waitForReports(
    sinceMs: number,
    _requestIds: readonly string[],
  ): Promise<InvocationReport[]> {
    await this.#pipeline?.waitForIdle();
    return this.invocationReports(sinceMs);
  }

  async forceColdStart(): Promise<void> {
    const pipeline = this.#pipeline;
    if (!pipeline) return;
    await pipeline.waitForIdle();
    await pipeline.processor.stop();
    await pipeline.processor.start();
  }

  /** The fan-out variables the processor was started with, kept by the first {@link setFanout}. */
  #startedFanout: Record<string, string | undefined> | null = null;

  async setFanout(settings: FanoutSettings | null): Promise<void> {
    const pipeline = this.#pipeline;
    if (!pipeline) {
      throw new LocalStateError(
        'NOT_RUNNING',
        'the fan-out settings of a stack this process did not start cannot be changed',
      );
    }
    const env = pipeline.processor.environment;
    this.#startedFanout ??= {
      FANOUT_MIN_BYTES: env.FANOUT_MIN_BYTES,
      FANOUT_MAX_PIECES: env.FANOUT_MAX_PIECES,
    };
    await pipeline.waitForIdle();
    await pipeline.processor.stop();
    pipeline.processor.updateEnvironment(
      settings === null
        ? this.#startedFanout
        : {
            FANOUT_MIN_BYTES: String(settings.minBytes),
            FANOUT_MAX_PIECES: String(settings.maxPieces),
          },
    );
    await pipeline.processor.start();
  }

  async throttleCount(): Promise<number | null> {
    const fn = this.#pipeline?.metricsSnapshot().functions[this.names.functionName];
    return this.#pipeline ? (fn?.throttles ?? 0) : null;
  }

  async metrics(sinceMs: number): Promise<MetricsReport> {
    const to = new Date().toISOString();
    if (this.#pipeline) {
      const snapshot = this.#pipeline.metricsSnapshot();
      return {
        target: this.kind,
        from: snapshot.startedAt,
        to,
        rows: metricsFromSnapshot(snapshot, this.names.functionName),
        notes: ['embedded runtime: every metric since the pipeline started'],
      };
    }
    const events = (await readLogFile(this.#dataDir, this.names.functionName)).filter(
      (event) => event.timestamp >= sinceMs,
    );
    return {
      target: this.kind,
      from: new Date(sinceMs).toISOString(),
      to,
      rows: metricsFromLogs(events),
      notes: [`from ${join(this.#dataDir, DATA_LAYOUT.logs)}; no DynamoDB metrics in logs`],
    };
  }

  async checkIam(): Promise<IamReport> {
    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${this.region}:${LOCAL_DEFAULTS.accountId}:${resource}`;
    const checks = buildIamChecks({
      bucket: this.names.bucket,
      tableArn: arn('dynamodb', `table/${this.names.table}`),
      fanoutTableArn: arn('dynamodb', `table/${this.names.fanoutTable}`),
      functionArn: arn('lambda', `function:${this.names.functionName}`),
      uploadPrefix: this.names.uploadPrefix,
      processedPrefix: this.names.processedPrefix,
      partsPrefix: this.names.partsPrefix,
    });
    return notEnforcedReport(
      checks,
      'the local target has no IAM: s3rver and dynalite accept any credentials',
    );
  }

  async deployCycle(): Promise<DeployPhases> {
    const dataDir = await mkdtemp(join(tmpdir(), 'ingest-deploy-'));
    const pipeline = new LocalPipeline();
    try {
      const started = performance.now();
      await pipeline.start({
        port: 0,
        dataDir,
        writeLogFiles: false,
        ...(this.#options.bundlePath === undefined ? {} : { bundlePath: this.#options.bundlePath }),
      });
      const startMs = performance.now() - started;
      const stopping = performance.now();
      await pipeline.stop();
      return { start_ms: startMs, stop_ms: performance.now() - stopping };
    } finally {
      await pipeline.stop().catch(() => {});
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    if (this.#pipeline) {
      await this.#pipeline.stop();
    } else {
      this.s3.destroy();
      this.dynamodb.destroy();
    }
    if (this.#removeDataDir) await rm(this.#dataDir, { recursive: true, force: true });
  }
}
