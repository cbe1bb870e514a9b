import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DATA_LAYOUT, LOCAL_DEFAULTS } from './constants.js';
import { DynaliteEmulator } from './emulators/DynaliteEmulator.js';
import type { DynamoEmulator } from './emulators/DynamoEmulator.js';
import { LambdaInvokeEndpoint } from './emulators/LambdaInvokeEndpoint.js';
import type { ObjectEvent } from './emulators/S3Emulator.js';
import { S3rverEmulator, type S3StartReport } from './emulators/S3rverEmulator.js';
import { LocalStateError, WaitTimeoutError } from './errors.js';
import { createS3Event } from './events/createS3Event.js';
import { createSqsEvent } from './events/createSqsEvent.js';
import {
  EventOutbox,
  type OutboxEntry,
  type OutboxOpenReport,
  type OutboxOutcome,
} from './events/EventOutbox.js';
import { eventObjectKeys } from './events/eventObjectKeys.js';
import type { OnFailureRecord } from './events/failureRecord.js';
import {
  csvNotificationRules,
  matchRule,
  type NotificationRule,
} from './events/NotificationRule.js';
import { Sequencer } from './events/Sequencer.js';
import { type LocalNames, type LocalSettings, resolveLocalSettings } from './localSettings.js';
import { LocalMetrics, type LocalMetricsSnapshot } from './metrics/LocalMetrics.js';
import { ensureBucket, ensureTable } from './provision.js';
import { FunctionLogFiles } from './runtime/FunctionLogFiles.js';
import { localFunctionEnvironment } from './runtime/functionEnvironment.js';
import { LocalLambdaRuntime } from './runtime/LocalLambdaRuntime.js';
import type { InvocationRecord, LogLine } from './runtime/types.js';

/** Options of {@link LocalPipeline.start}; every one has a default. */
export interface LocalPipelineOptions {
  /** S3 listens on `port`, DynamoDB on `port + 1`; 0 makes both ephemeral (default 4568). */
  port?: number;
  /** Loopback address (default 127.0.0.1). */
  host?: string;
  /** Data directory (default `<repo>/.local`): `s3/`, `dynamodb/`, `failures/`, `logs/`, `metrics.json`. */
  dataDir?: string;
  /** Delete the stored data (only the sub-paths above) before starting. */
  reset?: boolean;
  /** Lambda bundle (default `<repo>/dist/lambda/index.mjs`); relative paths are from the repo. */
  bundlePath?: string;
  /** Per-function concurrency limit (default 10, as in Learner Lab). */
  concurrency?: number;
  /** Function timeout (default 60 s). */
  timeoutMs?: number;
  /** Function memory size, the worker heap limit (default 512 MB). */
  memoryMb?: number;
  /** The function's `MAX_FILE_BYTES` (unset: the handler's default). */
  maxFileBytes?: number;
  /** The function's `MAX_DECOMPRESSED_BYTES` (unset: the handler's default). */
  maxDecompressedBytes?: number;
  /** The function's `MAX_COMPRESSION_RATIO` (unset: the handler's default). */
  maxCompressionRatio?: number;
  /** The function's `FANOUT_MIN_BYTES`: uploads this large are split (unset: its default). */
  fanoutMinBytes?: number;
  /** The function's `FANOUT_MAX_PIECES`: the most pieces of a split upload (default: the cores). */
  fanoutMaxPieces?: number;
  /** Asynchronous retry delays; the length is the retry count (default [1000, 2000]). */
  retryDelaysMs?: readonly number[];
  /** Processor workers initialised at start (default 0). */
  provisionedConcurrency?: number;
  /** Environment name (default `local`): resource names and the `ENVIRONMENT` dimension. */
  environment?: string;
  /** Bucket name (default `csv-ingest-local`). */
  bucket?: string;
  /** Extra or overriding function environment variables (e.g. `POWERTOOLS_LOG_LEVEL`). */
  functionEnvironment?: Readonly<Record<string, string>>;
  /** Receives every log line of both functions (START/END/REPORT included). */
  onLog?: (line: LogLine) => void;
  /** Append log lines to `<dataDir>/logs/<function>.log` (default true). */
  writeLogFiles?: boolean;
}

/** Where the running stack is and what it is called. */
export interface LocalPipelineInfo {
  /** S3, DynamoDB and the Lambda Invoke endpoint (the processor's own pieces invoke it). */
  endpoints: { s3: string; dynamodb: string; lambda: string };
  names: LocalNames;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dataDir: string;
  bundlePath: string;
  /** What start found of an earlier run and what it did about it. */
  recovery: LocalRecoveryReport;
}

/** What {@link LocalPipeline.start} found of an earlier run (crash, stop, damage). */
export interface LocalRecoveryReport {
  /** Events left without a terminal outcome by the last run, delivered again now. */
  requeued: number;
  /** The event outbox: a torn last line, unreadable lines (copied aside first). */
  outbox: Pick<OutboxOpenReport, 'tornTail' | 'unreadableLines' | 'damagedCopy'>;
  /** The S3 store: interrupted writes finished or discarded, damaged objects, old data. */
  s3: S3StartReport;
}

/** What {@link LocalPipeline.stop} left for the next start. */
export interface LocalStopReport {
  /** Events accepted and not yet at a terminal outcome: they are delivered at the next start. */
  pending: number;
}

/** Options of {@link LocalPipeline.waitForItem}. */
export interface WaitForItemOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Accept only an item for which this holds (e.g. a given ETag or sequencer). */
  predicate?: (item: Record<string, unknown>) => boolean;
  /**
   * Epoch ms (e.g. `Date.now()` taken before the upload): ignore the item until a successful
   * processor run, or a failure-handler run, about this object has started at or after it, so a
   * stored item from an earlier upload of the same key (data persists) is not taken for the new one.
   */
  freshAfter?: number;
}

interface Running {
  info: LocalPipelineInfo;
  s3: S3rverEmulator;
  invoke: LambdaInvokeEndpoint;
  outbox: EventOutbox;
  sequencer: Sequencer;
  dynamo: DynamoEmulator;
  processor: LocalLambdaRuntime;
  failures: LocalLambdaRuntime;
  s3Client: S3Client;
  dynamoClient: DynamoDBClient;
  /** Undefined when log files are off (`writeLogFiles: false`). */
  logs: FunctionLogFiles | undefined;
  unsubscribe: Array<() => void>;
}

const FALLBACK_POLL_MS = 1_000;
/** The event outbox's journal, under `<dataDir>/<DATA_LAYOUT.events>/`. */
const OUTBOX_FILE = 'outbox.jsonl';

/**
 * The embedded `local` target: s3rver and dynalite on loopback, the bucket notification, and
 * the processor and failure-handler functions run by {@link LocalLambdaRuntime}.
 *
 * @example
 * const pipeline = new LocalPipeline();
 * const { endpoints, names } = await pipeline.start({ port: 0 });
 * await pipeline.s3Client.send(new PutObjectCommand({ Bucket: names.bucket, Key: 'uploads/a.csv', Body: 'x\n1\n' }));
 * const item = await pipeline.waitForItem('a.csv');
 * await pipeline.stop();
 */
export class LocalPipeline {
  readonly metrics = new LocalMetrics();
  #running: Running | undefined;
  #dataDir = '';
  #rules: NotificationRule[] = [];
  readonly #notificationListeners = new Set<(event: unknown) => void>();

  /**
   * Starts the stack: opens the event outbox, starts the emulators, provisions bucket and table,
   * starts both functions, subscribes the bucket notification, then delivers what an earlier run
   * left pending. Whatever started is stopped again if a later step fails.
   */
  async start(options: LocalPipelineOptions = {}): Promise<LocalPipelineInfo> {
    if (this.#running)
      throw new LocalStateError('ALREADY_RUNNING', 'local pipeline already running');
    const settings = resolveLocalSettings(options);
    await this.#prepareDataDir(settings.dataDir, options.reset === true);
    this.#rules = csvNotificationRules(settings.names.uploadPrefix, LOCAL_DEFAULTS.csvSuffixes);
    const started: Array<{ stop(): Promise<void> }> = [];
    try {
      const storage = await startStorage(settings, started);
      const { outbox, opened, s3, dynamo, s3Client, dynamoClient } = storage;
      await ensureBucket(s3Client, settings.names.bucket);
      await ensureTable(dynamoClient, settings.names.table);
      await ensureTable(dynamoClient, settings.names.fanoutTable, 'split_id');
      const invoke = await startInvokeEndpoint(settings, (payload) =>
        this.#invokeProcessor(payload),
      );
      started.push(invoke);
      const info: LocalPipelineInfo = {
        endpoints: { ...storage.endpoints, lambda: invoke.endpoint },
        names: settings.names,
        region: settings.region,
        credentials: settings.credentials,
        dataDir: settings.dataDir,
        bundlePath: settings.bundlePath,
        recovery: recoveryReport(opened.report, s3.startReport),
      };
      const { processor, failures, logs } = await this.#startFunctions(
        info,
        settings.environment,
        options,
        outbox,
        started,
      );
      const unsubscribe = [
        dynamo.onRequest((request) => this.metrics.recordDynamoRequest(request)),
        s3.onObjectEvent((change, answered) => this.#notify(change, answered)),
      ];
      this.#running = {
        info,
        s3,
        invoke,
        outbox,
        sequencer: new Sequencer(opened.report.lastSequencer),
        dynamo,
        processor,
        failures,
        s3Client,
        dynamoClient,
        logs,
        unsubscribe,
      };
      for (const entry of opened.report.pending) this.#deliver(entry);
      return info;
    } catch (error) {
      for (const part of started.reverse()) await part.stop().catch(() => {});
      throw error;
    }
  }

  /**
   * Stops S3 first (no upload is acknowledged after that), then the functions, clients and
   * DynamoDB; writes `<dataDir>/metrics.json`. Events not yet at a terminal outcome stay in the
   * outbox and are delivered at the next start: a stop never drops them. Idempotent.
   */
  async stop(): Promise<LocalStopReport> {
    const running = this.#running;
    if (!running) return { pending: 0 };
    this.#running = undefined;
    await running.s3.stop();
    await running.invoke.stop();
    for (const unsubscribe of running.unsubscribe) unsubscribe();
    await running.processor.stop();
    await running.failures.stop();
    running.s3Client.destroy();
    running.dynamoClient.destroy();
    await running.dynamo.stop();
    const pending = running.outbox.pendingCount;
    running.outbox.close();
    await running.logs?.close();
    await writeFile(
      join(this.#dataDir, DATA_LAYOUT.metrics),
      `${JSON.stringify(this.metrics.snapshot(), null, 2)}\n`,
    );
    return { pending };
  }

  /** True between `start` and `stop`. */
  get isRunning(): boolean {
    return this.#running !== undefined;
  }

  /** Endpoints, names, region and credentials of the running stack. */
  get info(): LocalPipelineInfo {
    return this.#require().info;
  }

  /** An S3 client for the emulator (path style, checksums only when required); closed by `stop`. */
  get s3Client(): S3Client {
    return this.#require().s3Client;
  }

  /** A DynamoDB client for the emulator; closed by `stop`. */
  get dynamoClient(): DynamoDBClient {
    return this.#require().dynamoClient;
  }

  /** The processor function's runtime. */
  get processor(): LocalLambdaRuntime {
    return this.#require().processor;
  }

  /** The failure-handler function's runtime. */
  get failureHandler(): LocalLambdaRuntime {
    return this.#require().failures;
  }

  /** Plain-JSON metrics now. */
  metricsSnapshot(): LocalMetricsSnapshot {
    return this.metrics.snapshot();
  }

  /** Subscribes to finished attempts of both functions; returns the unsubscribe function. */
  onInvocation(listener: (record: InvocationRecord) => void): () => void {
    const running = this.#require();
    const off = [running.processor.onInvocation(listener), running.failures.onInvocation(listener)];
    return () => {
      for (const unsubscribe of off) unsubscribe();
    };
  }

  /**
   * Subscribes to the bucket notifications sent to the processor (S3 events), each once its
   * upload is acknowledged; returns the unsubscribe function.
   */
  onNotification(listener: (event: unknown) => void): () => void {
    this.#notificationListeners.add(listener);
    return () => this.#notificationListeners.delete(listener);
  }

  /**
   * Delivers the S3 event of an on-failure record to the processor again: an asynchronous
   * invocation, kept in the outbox until it ends like any upload's. Returns its request id.
   */
  replayFailure(record: OnFailureRecord): string | undefined {
    return this.#deliver(this.#require().outbox.add('processor', record.requestPayload));
  }

  /** The metadata item of a file (key `file_name`, the path under `uploads/`), unmarshalled. */
  async getItem(fileName: string): Promise<Record<string, unknown> | undefined> {
    const running = this.#require();
    const { Item } = await running.dynamoClient.send(
      new GetItemCommand({
        TableName: running.info.names.table,
        Key: { file_name: { S: fileName } },
        ConsistentRead: true,
      }),
    );
    return Item ? unmarshall(Item) : undefined;
  }

  /**
   * Resolves with the item of `fileName` (path under `uploads/`) once it exists (and satisfies
   * `predicate`): checked at once, after every invocation about that object, and every second.
   */
  async waitForItem(
    fileName: string,
    options: WaitForItemOptions = {},
  ): Promise<Record<string, unknown>> {
    const running = this.#require();
    const key = `${running.info.names.uploadPrefix}${fileName}`;
    const { timeoutMs = 10_000, predicate, freshAfter } = options;
    const failureFunction = running.info.names.failureFunctionName;
    let fresh = freshAfter === undefined;
    const accept = (item: Record<string, unknown> | undefined) =>
      fresh && item !== undefined && (predicate === undefined || predicate(item))
        ? item
        : undefined;
    return new Promise((resolvePromise, reject) => {
      let settled = false;
      let checking = false;
      let again = false;
      const finish = (error: unknown, item?: Record<string, unknown>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(poll);
        off();
        if (item) resolvePromise(item);
        else reject(error);
      };
      const check = async () => {
        if (settled) return;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            if (!fresh) break;
            const item = accept(await this.getItem(fileName));
            if (item) finish(undefined, item);
          } while (again && !settled);
        } catch (error) {
          if (!this.isRunning) finish(error);
        } finally {
          checking = false;
        }
      };
      const off = this.onInvocation((record) => {
        if (!eventObjectKeys(record.event).includes(key)) return;
        if (
          freshAfter !== undefined &&
          record.startedAt >= freshAfter &&
          (record.ok || record.functionName === failureFunction)
        ) {
          fresh = true;
        }
        void check();
      });
      const poll = setInterval(() => void check(), FALLBACK_POLL_MS);
      const timer = setTimeout(
        () => finish(new WaitTimeoutError(`no item for ${fileName} after ${timeoutMs} ms`)),
        timeoutMs,
      );
      void check();
    });
  }

  /** Resolves when neither function runs, queues, retries or delivers anything. */
  async waitForIdle(timeoutMs = 30_000): Promise<void> {
    const running = this.#require();
    const deadline = Date.now() + timeoutMs;
    while (!(running.processor.isIdle() && running.failures.isIdle())) {
      const left = Math.max(1, deadline - Date.now());
      await running.processor.waitForIdle(left);
      await running.failures.waitForIdle(Math.max(1, deadline - Date.now()));
    }
  }

  /** On-failure records stored for a queue (default: the failure queue), oldest first. */
  async failureRecords(queue?: string): Promise<OnFailureRecord[]> {
    const name = queue ?? this.#require().info.names.failureQueue;
    const path = join(this.#dataDir, DATA_LAYOUT.failures, `${name}.jsonl`);
    const text = await readFile(path, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as OnFailureRecord);
  }

  /** Empties the data directory's parts on `reset`, and makes the failures folder. */
  async #prepareDataDir(dataDir: string, reset: boolean): Promise<void> {
    if (reset) await resetDataDir(dataDir);
    mkdirSync(join(dataDir, DATA_LAYOUT.failures), { recursive: true });
    this.#dataDir = dataDir;
    this.metrics.reset();
  }

  /**
   * Starts the failure handler and the processor with the function environment, their log files
   * and the on-failure destinations (processor: the failures queue, whose message is an outbox
   * entry for the failure handler; failure handler: the dead-letter queue).
   */
  async #startFunctions(
    info: LocalPipelineInfo,
    environment: string,
    options: LocalPipelineOptions,
    outbox: EventOutbox,
    started: Array<{ stop(): Promise<void> }>,
  ): Promise<{
    processor: LocalLambdaRuntime;
    failures: LocalLambdaRuntime;
    logs: FunctionLogFiles | undefined;
  }> {
    const { names, region } = info;
    const logs =
      options.writeLogFiles === false
        ? undefined
        : new FunctionLogFiles(join(info.dataDir, DATA_LAYOUT.logs));
    const common = {
      bundlePath: info.bundlePath,
      environment: localFunctionEnvironment({
        table: names.table,
        bucket: names.bucket,
        uploadPrefix: names.uploadPrefix,
        processedPrefix: names.processedPrefix,
        partsPrefix: names.partsPrefix,
        fanoutTable: names.fanoutTable,
        environment,
        endpoints: info.endpoints,
        credentials: info.credentials,
        maxFileBytes: options.maxFileBytes,
        maxDecompressedBytes: options.maxDecompressedBytes,
        maxCompressionRatio: options.maxCompressionRatio,
        fanoutMinBytes: options.fanoutMinBytes,
        // Local invocations are worker threads on this machine's cores: more pieces than cores
        // only contend (bench/fanout.mts), so the local default is the number of cores.
        fanoutMaxPieces: options.fanoutMaxPieces ?? availableParallelism(),
        overrides: options.functionEnvironment,
      }),
      region,
      accountId: LOCAL_DEFAULTS.accountId,
      timeoutMs: options.timeoutMs ?? LOCAL_DEFAULTS.timeoutMs,
      memoryMb: options.memoryMb ?? LOCAL_DEFAULTS.memoryMb,
      concurrency: options.concurrency ?? LOCAL_DEFAULTS.concurrency,
      retryDelaysMs: options.retryDelaysMs ?? LOCAL_DEFAULTS.retryDelaysMs,
      metrics: this.metrics,
      onLog: (line: LogLine) => {
        options.onLog?.(line);
        logs?.write(line);
      },
    };
    const queueArn = `arn:aws:sqs:${region}:${LOCAL_DEFAULTS.accountId}:${names.failureQueue}`;
    const failures = new LocalLambdaRuntime({
      ...common,
      functionName: names.failureFunctionName,
      handler: LOCAL_DEFAULTS.failureHandler,
      onFailure: (record) => this.#appendFailure(names.deadLetterQueue, record),
    });
    const processor = new LocalLambdaRuntime({
      ...common,
      functionName: names.functionName,
      handler: LOCAL_DEFAULTS.handler,
      provisionedConcurrency: options.provisionedConcurrency ?? 0,
      onFailure: async (record) => {
        if (!this.#running) throw new LocalStateError('NOT_RUNNING', 'stopping');
        await this.#appendFailure(names.failureQueue, record);
        // The queue's message is durable like the upload's event: in the outbox until the
        // failure handler has run (the processor's entry is settled after this returns).
        const sqsEvent = createSqsEvent([JSON.stringify(record)], { arn: queueArn, region });
        this.#deliver(outbox.add('failures', sqsEvent));
      },
    });
    started.push(processor, failures, { stop: async () => logs?.close() });
    await failures.start();
    await processor.start();
    return { processor, failures, logs };
  }

  #require(): Running {
    if (!this.#running) throw new LocalStateError('NOT_RUNNING', 'local pipeline is not running');
    return this.#running;
  }

  /**
   * The bucket notification. Runs inside the PUT, before its 200 leaves (see
   * {@link S3rverEmulator}): a matching creation is written to the outbox synchronously, then
   * delivered to the processor once the response went out. A PUT that failed after the store had
   * the object is not delivered, as S3 would not notify it.
   */
  #notify(change: ObjectEvent, answered: Promise<boolean>): void {
    const running = this.#running;
    if (!running || change.bucket !== running.info.names.bucket) return;
    const rule = matchRule(this.#rules, change.eventName, change.key);
    if (!rule) return;
    const event = createS3Event(change, {
      region: running.info.region,
      sequencer: running.sequencer.next(),
      configurationId: rule.id,
    });
    const entry = running.outbox.add('processor', event);
    void answered.then((ok) => {
      if (!ok) {
        running.outbox.settle(entry.id, 'not-acknowledged');
        return;
      }
      this.#deliver(entry);
      for (const listener of this.#notificationListeners) {
        try {
          listener(event);
        } catch {
          // listeners must not break the notification
        }
      }
    });
  }

  /**
   * An asynchronous Invoke of the processor (the Lambda Invoke endpoint: a split upload's piece):
   * into the outbox before the endpoint answers 202, then delivered like an upload's event.
   * Returns the request id (a fresh one while stopping: the entry waits for the next start).
   */
  #invokeProcessor(payload: unknown): string {
    const running = this.#running;
    if (!running) throw new LocalStateError('NOT_RUNNING', 'local pipeline is not running');
    return this.#deliver(running.outbox.add('processor', payload)) ?? randomUUID();
  }

  /** Invokes the entry's function asynchronously (its terminal outcome settles the entry); returns the request id. */
  #deliver(entry: OutboxEntry): string | undefined {
    const running = this.#running;
    if (!running) return undefined; // stopped: the entry stays pending for the next start
    const runtime = entry.target === 'failures' ? running.failures : running.processor;
    const settle = (outcome: OutboxOutcome) => running.outbox.settle(entry.id, outcome);
    return runtime.invokeAsync(entry.event, settle);
  }

  async #appendFailure(queue: string, record: OnFailureRecord): Promise<void> {
    const path = join(this.#dataDir, DATA_LAYOUT.failures, `${queue}.jsonl`);
    await appendFile(path, `${JSON.stringify(record)}\n`);
  }
}

async function resetDataDir(dataDir: string): Promise<void> {
  for (const part of Object.values(DATA_LAYOUT)) {
    await rm(join(dataDir, part), { recursive: true, force: true });
  }
}

/**
 * Starts the Lambda Invoke endpoint on loopback (`port + 3`, or ephemeral), serving the
 * processor by name and ARN; `invoke` queues an event durably and returns its request id.
 */
async function startInvokeEndpoint(
  settings: LocalSettings,
  invoke: (payload: unknown) => string,
): Promise<LambdaInvokeEndpoint> {
  const { names, region, host, port } = settings;
  const endpoint = new LambdaInvokeEndpoint({
    host,
    port: port === 0 ? 0 : port + 3,
    functions: [
      {
        functionName: names.functionName,
        functionArn: `arn:aws:lambda:${region}:${LOCAL_DEFAULTS.accountId}:function:${names.functionName}`,
        invokeEvent: invoke,
      },
    ],
  });
  await endpoint.start();
  return endpoint;
}

/** The storage half of the stack: the event outbox, both emulators and clients for them. */
interface Storage {
  opened: ReturnType<typeof EventOutbox.open>;
  outbox: EventOutbox;
  s3: S3rverEmulator;
  dynamo: DynaliteEmulator;
  endpoints: { s3: string; dynamodb: string };
  s3Client: S3Client;
  dynamoClient: DynamoDBClient;
}

/**
 * Opens the event outbox and starts s3rver and dynalite on loopback (DynamoDB on the port after
 * S3's), with a client for each; each part is pushed to `started` as it comes up.
 */
async function startStorage(
  settings: LocalSettings,
  started: Array<{ stop(): Promise<void> }>,
): Promise<Storage> {
  const { dataDir, host, port, region, credentials } = settings;
  const opened = EventOutbox.open(join(dataDir, DATA_LAYOUT.events, OUTBOX_FILE));
  const outbox = opened.outbox;
  started.push({ stop: async () => outbox.close() });
  const s3 = new S3rverEmulator({ directory: join(dataDir, DATA_LAYOUT.s3), host, port });
  const dynamo = new DynaliteEmulator({
    directory: join(dataDir, DATA_LAYOUT.dynamodb),
    host,
    port: port === 0 ? 0 : port + 1,
  });
  const endpoints = { s3: await s3.start(), dynamodb: '' };
  started.push(s3);
  endpoints.dynamodb = await dynamo.start();
  started.push(dynamo);
  // The clients built here get the checksum setting s3rver needs (it would store aws-chunked
  // framing as data); the process environment is left alone.
  const s3Client = new S3Client({
    region,
    endpoint: endpoints.s3,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const dynamoClient = new DynamoDBClient({ region, endpoint: endpoints.dynamodb, credentials });
  started.push({
    stop: async () => {
      s3Client.destroy();
      dynamoClient.destroy();
    },
  });
  return { opened, outbox, s3, dynamo, endpoints, s3Client, dynamoClient };
}

/** What start found of an earlier run, from the outbox's and the S3 store's reports. */
function recoveryReport(
  outbox: OutboxOpenReport,
  s3: S3StartReport | undefined,
): LocalRecoveryReport {
  return {
    requeued: outbox.pending.length,
    outbox: {
      tornTail: outbox.tornTail,
      unreadableLines: outbox.unreadableLines,
      ...(outbox.damagedCopy ? { damagedCopy: outbox.damagedCopy } : {}),
    },
    s3: s3 ?? {
      recovery: { completedWrites: 0, discardedWrites: 0, completedDeletes: 0 },
      check: { objects: 0, damaged: [] },
    },
  };
}
