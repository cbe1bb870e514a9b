import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline as pipeStreams } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { decodeS3EventKey } from '../aws/s3EventKey.js';
import {
  DATA_LAYOUT,
  eventObjectKeys,
  type InvocationRecord,
  LOCAL_DEFAULTS,
  type LocalPipeline,
  type LogLine,
  type OnFailureRecord,
} from '../local/index.js';
import { FUNCTION_ENVIRONMENT } from '../pipeline/functionEnvironment.js';
import { DASHBOARD_DEFAULTS, DEFAULT_DASHBOARD_PORT, TOKEN_HEADER } from './constants.js';
import { DashboardError, DashboardErrorCode, DashboardStartError, STATUS_OF } from './errors.js';
import { failureRows, replayedObjects } from './failureRows.js';
import { readItem, scanItems } from './itemReads.js';
import { MetricsSeries } from './MetricsSeries.js';
import { PAGE_POLICY, renderDashboardPage } from './page.js';
import { RequestLogs } from './RequestLogs.js';
import { decodeSegment, type FileView, parseFilePath, ROUTES } from './routes.js';
import { RequestGuard } from './security.js';
import type { DashboardState } from './types.js';
import { UploadBoard } from './UploadBoard.js';
import { uploadKey } from './uploadName.js';

/** Options of {@link Dashboard.start}. */
export interface DashboardOptions {
  /** Port on 127.0.0.1 (default 4570, the default S3 port + 2; 0 = any free port). */
  port?: number;
}

/** Items read from the table at start (DynamoDB scans in no useful order, so this bounds it). */
const SCAN_LIMIT = 5_000;

/** Headers of every answer: no sniffing, no caching, no referrer, not embeddable elsewhere. */
const COMMON_HEADERS: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * A file's report, summary and logs are served from the dashboard's own origin, so they are
 * sandboxed (CSP `sandbox`, which a header can set and a meta tag cannot): the document gets an
 * opaque origin, so even markup that escaped the report's escaping could not read the page's
 * token or send a request the dashboard accepts (its Origin would be `null`). The report keeps
 * its own script (`allow-scripts`) and its own meta policy (src/report/csp.ts).
 */
const FILE_TYPES: Readonly<Record<FileView, OutgoingHttpHeaders>> = {
  report: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': 'sandbox allow-scripts',
  },
  summary: {
    'content-type': 'application/json; charset=utf-8',
    'content-security-policy': "sandbox; default-src 'none'",
  },
  logs: {
    'content-type': 'text/plain; charset=utf-8',
    'content-security-policy': "sandbox; default-src 'none'",
  },
};

interface Running {
  pipeline: LocalPipeline;
  server: Server;
  url: string;
  guard: RequestGuard;
  token: string;
  maxFileBytes: number;
  board: UploadBoard;
  metrics: MetricsSeries;
  failures: OnFailureRecord[];
  replays: Map<string, { requestId: string; at: string }>;
  clients: Set<ServerResponse>;
  /** The latest item read started per file: only its answer is applied. */
  reads: Map<string, number>;
  off: Array<() => void>;
  timer: NodeJS.Timeout;
}

/**
 * The local stack's live dashboard: a page on 127.0.0.1 that lists every upload as it happens
 * (from the bucket notification to its item), links each file's report, summary and logs,
 * uploads files, charts the processor's metrics and replays on-failure records. Plain
 * `node:http` and a hand-written page: server-sent events need no library, and the page has no
 * build step and loads nothing from the network.
 *
 * @example
 * const dashboard = new Dashboard();
 * await pipeline.start({ onLog: dashboard.onLog });
 * const url = await dashboard.start(pipeline); // http://127.0.0.1:4570/
 * await dashboard.stop();
 */
export class Dashboard {
  /** The function log lines of recent requests (fed by {@link onLog}). */
  readonly logs = new RequestLogs();
  /** Pass as LocalPipeline's `onLog` option, so the dashboard can show each request's lines. */
  readonly onLog = (line: LogLine): void => this.logs.add(line);
  #running: Running | undefined;

  /** Starts serving the running `pipeline`; resolves with the page's URL. */
  async start(pipeline: LocalPipeline, options: DashboardOptions = {}): Promise<string> {
    if (this.#running) throw new Error('dashboard already running');
    const host = DASHBOARD_DEFAULTS.host;
    const server = createServer((req, res) => void this.#handle(req, res));
    const wanted = options.port ?? DEFAULT_DASHBOARD_PORT;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(new DashboardStartError(`${host}:${wanted}`, { cause: error })),
      );
      server.listen(wanted, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const token = randomBytes(32).toString('base64url');
    const { names } = pipeline.info;
    const running: Running = {
      pipeline,
      server,
      url: `http://${host}:${port}/`,
      guard: new RequestGuard(port, token),
      token,
      maxFileBytes: Number(
        pipeline.processor.environment.MAX_FILE_BYTES ??
          FUNCTION_ENVIRONMENT.MAX_FILE_BYTES.default,
      ),
      board: new UploadBoard(),
      metrics: new MetricsSeries(names.functionName, names.failureFunctionName),
      failures: [],
      replays: new Map(),
      clients: new Set(),
      reads: new Map(),
      off: [],
      timer: setInterval(() => this.#tick(), DASHBOARD_DEFAULTS.bucketMs),
    };
    running.timer.unref();
    this.#running = running;
    try {
      running.off.push(
        pipeline.onNotification((event) => this.#onNotification(event)),
        pipeline.onInvocation((record) => this.#onInvocation(record)),
      );
      for (const item of await scanItems(pipeline, SCAN_LIMIT)) running.board.fromItem(item);
      running.failures = await pipeline.failureRecords();
    } catch (error) {
      await this.stop();
      throw error;
    }
    return running.url;
  }

  /** Ends every event stream and stops listening. Idempotent. */
  async stop(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    this.#running = undefined;
    clearInterval(running.timer);
    for (const off of running.off) off();
    for (const client of running.clients) client.end();
    running.server.closeAllConnections();
    await new Promise<void>((resolve) => running.server.close(() => resolve()));
  }

  /** The page's URL while running. */
  get url(): string | undefined {
    return this.#running?.url;
  }

  #uploadPrefix(running: Running): string {
    return running.pipeline.info.names.uploadPrefix;
  }

  /** The file name (path under the upload prefix) of an object key, or undefined. */
  #fileName(running: Running, key: string): string | undefined {
    const prefix = this.#uploadPrefix(running);
    return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
  }

  #onNotification(event: unknown): void {
    const running = this.#running;
    if (!running) return;
    const records = (event as { Records?: unknown }).Records;
    for (const record of Array.isArray(records) ? records : []) {
      const { eventTime, s3 } = record as {
        eventTime?: string;
        s3?: { object?: { key?: string; size?: number; sequencer?: string } };
      };
      if (typeof s3?.object?.key !== 'string') continue;
      const name = this.#fileName(running, decodeS3EventKey(s3.object.key));
      if (name === undefined) continue;
      const row = running.board.queued(name, {
        ...(typeof s3.object.size === 'number' ? { sizeBytes: s3.object.size } : {}),
        uploadedAt: Date.parse(eventTime ?? '') || Date.now(),
        ...(typeof s3.object.sequencer === 'string' ? { sequencer: s3.object.sequencer } : {}),
      });
      this.#broadcast('upload', row);
    }
  }

  #onInvocation(record: InvocationRecord): void {
    const running = this.#running;
    if (!running) return;
    running.metrics.record(record);
    const processor = record.functionName === running.pipeline.info.names.functionName;
    for (const key of eventObjectKeys(record.event)) {
      const name = this.#fileName(running, key);
      if (name === undefined) continue;
      running.board.seen(name, record.requestId);
      if (processor && !record.ok) {
        this.#broadcast('upload', running.board.attemptFailed(name, record.attempt, record.error));
      }
      // A processor's last attempt or a failure handler's run may have written the item.
      if (record.final || !processor) void this.#refresh(name);
    }
    if (!processor) void this.#refreshFailures();
  }

  /** Reads a file's item and shows it, unless a later read started meanwhile. */
  async #refresh(name: string): Promise<void> {
    const running = this.#running;
    if (!running) return;
    const read = (running.reads.get(name) ?? 0) + 1;
    running.reads.set(name, read);
    try {
      const item = await readItem(running.pipeline, name);
      if (running.reads.get(name) !== read || !item || this.#running !== running) return;
      const row = running.board.fromItem(item);
      if (row) this.#broadcast('upload', row);
    } catch {
      // the stack is stopping; the next event reads it again
    } finally {
      if (running.reads.get(name) === read) running.reads.delete(name);
    }
  }

  async #refreshFailures(): Promise<void> {
    const running = this.#running;
    if (!running) return;
    try {
      running.failures = await running.pipeline.failureRecords();
      this.#broadcast('failures', this.#failureRows(running));
    } catch {
      // the stack is stopping
    }
  }

  #failureRows(running: Running) {
    return failureRows(running.failures, running.replays, this.#uploadPrefix(running));
  }

  /** Every bucket: the metrics, when someone watches (a snapshot summarizes every sample). */
  #tick(): void {
    const running = this.#running;
    if (!running) return;
    if (running.clients.size === 0) {
      running.metrics.forgetThrottles();
      return;
    }
    running.metrics.update(running.pipeline.metricsSnapshot());
    this.#broadcast('metrics', running.metrics.view());
  }

  #broadcast(event: string, data: unknown): void {
    const running = this.#running;
    if (!running || running.clients.size === 0) return;
    const frame = sseFrame(event, data);
    for (const client of running.clients) client.write(frame);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const running = this.#running;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (!running) throw new DashboardError(DashboardErrorCode.NOT_FOUND, 'dashboard stopped');
      if (req.method === 'PUT' && path.startsWith(ROUTES.uploads)) {
        return await this.#upload(running, req, res, path);
      }
      if (
        req.method === 'POST' &&
        path.startsWith(ROUTES.failures) &&
        path.endsWith(ROUTES.replaySuffix)
      ) {
        return await this.#replay(running, req, res, path);
      }
      running.guard.checkRequest(req.headers);
      if (req.method !== 'GET') {
        throw new DashboardError(
          DashboardErrorCode.METHOD_NOT_ALLOWED,
          `${req.method} ${path} is not served`,
        );
      }
      if (path === ROUTES.page) return this.#page(running, res);
      if (path === ROUTES.events) return await this.#events(running, req, res);
      const file = parseFilePath(path);
      if (file) return await this.#file(running, res, file.name, file.view);
      throw new DashboardError(DashboardErrorCode.NOT_FOUND, `nothing at ${path}`);
    } catch (error) {
      sendError(req, res, error);
    }
  }

  #page(running: Running, res: ServerResponse): void {
    const { info } = running.pipeline;
    const html = renderDashboardPage({
      token: running.token,
      bucket: info.names.bucket,
      uploadPrefix: info.names.uploadPrefix,
      suffixes: LOCAL_DEFAULTS.csvSuffixes,
      maxFileBytes: running.maxFileBytes,
      endpoints: info.endpoints,
    });
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_POLICY,
    });
    res.end(html);
  }

  /** `GET /events`: the whole state now, then every change (server-sent events). */
  async #events(running: Running, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (running.clients.size === 0) running.metrics.update(running.pipeline.metricsSnapshot());
    const state: DashboardState = {
      uploads: running.board.rows(),
      failures: this.#failureRows(running),
      metrics: running.metrics.view(),
    };
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream; charset=utf-8' });
    res.write(`retry: 1000\n\n${sseFrame('state', state)}`);
    running.clients.add(res);
    req.once('close', () => running.clients.delete(res));
  }

  /** `GET /files/<name>/<view>`: a file's report or summary from S3, or its log lines. */
  async #file(running: Running, res: ServerResponse, name: string, view: FileView): Promise<void> {
    const { pipeline } = running;
    const item = await readItem(pipeline, name);
    if (view === 'logs') {
      const text = await this.#logText(running, name, item);
      res.writeHead(200, { ...COMMON_HEADERS, ...FILE_TYPES.logs });
      res.end(text);
      return;
    }
    const key = item?.[view === 'report' ? 'report_key' : 'summary_key'];
    if (typeof key !== 'string' || !key.startsWith(pipeline.info.names.processedPrefix)) {
      throw new DashboardError(DashboardErrorCode.NOT_FOUND, `no ${view} for ${name}`);
    }
    let body: Readable;
    try {
      const object = await pipeline.s3Client.send(
        new GetObjectCommand({ Bucket: pipeline.info.names.bucket, Key: key }),
      );
      body = object.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') {
        throw new DashboardError(DashboardErrorCode.NOT_FOUND, `${key} is not in the bucket`);
      }
      throw error;
    }
    res.writeHead(200, { ...COMMON_HEADERS, ...FILE_TYPES[view] });
    await pipeStreams(body, res).catch(() => res.destroy());
  }

  /** The log lines of every request about the file this process saw, and of its item's request. */
  async #logText(
    running: Running,
    name: string,
    item: Record<string, unknown> | undefined,
  ): Promise<string> {
    const { names } = running.pipeline.info;
    const ids = running.board.requestIds(name);
    if (typeof item?.request_id === 'string' && !ids.includes(item.request_id)) {
      ids.unshift(item.request_id);
    }
    const logsDir = join(running.pipeline.info.dataDir, DATA_LAYOUT.logs);
    const parts: string[] = [];
    for (const id of ids) {
      const lines = await this.logs.lines(id, logsDir, [
        names.functionName,
        names.failureFunctionName,
      ]);
      parts.push(`== request ${id}: ${lines.length} lines`);
      for (const line of lines) {
        parts.push(`${line.timestamp}\t${line.functionName}\t${line.message}`);
      }
      parts.push('');
    }
    if (ids.length === 0) parts.push(`no request about ${name} is known`);
    return `${parts.join('\n')}\n`;
  }

  /** `PUT /api/uploads/<name>`: stores the body as `uploads/<name>` in the local S3. */
  async #upload(
    running: Running,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    running.guard.checkStateChange(req.headers, TOKEN_HEADER);
    const name = decodeSegment(path.slice(ROUTES.uploads.length));
    if (name === undefined) {
      throw new DashboardError(DashboardErrorCode.INVALID_NAME, 'invalid file name: bad encoding');
    }
    const key = uploadKey(name, this.#uploadPrefix(running));
    const declared = req.headers['content-length'];
    if (declared === undefined || req.headers['transfer-encoding'] !== undefined) {
      throw new DashboardError(
        DashboardErrorCode.LENGTH_REQUIRED,
        'an upload needs a Content-Length (its size is checked before it is read)',
      );
    }
    const size = Number(declared);
    if (size > running.maxFileBytes) {
      throw new DashboardError(
        DashboardErrorCode.FILE_TOO_LARGE,
        `${size} bytes is more than MAX_FILE_BYTES (${running.maxFileBytes})`,
      );
    }
    const put = await running.pipeline.s3Client.send(
      new PutObjectCommand({
        Bucket: running.pipeline.info.names.bucket,
        Key: key,
        Body: req,
        ContentLength: size,
      }),
    );
    sendJson(res, 201, { key, size, etag: put.ETag });
  }

  /** `POST /api/failures/<request id>/replay`: the record's S3 event to the processor again. */
  async #replay(
    running: Running,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    running.guard.checkStateChange(req.headers, TOKEN_HEADER);
    req.resume();
    const id = decodeSegment(
      path.slice(ROUTES.failures.length, path.length - ROUTES.replaySuffix.length),
    );
    running.failures = await running.pipeline.failureRecords();
    const record = running.failures.find((failure) => failure.requestContext.requestId === id);
    if (id === undefined || !record) {
      throw new DashboardError(DashboardErrorCode.NOT_FOUND, 'no on-failure record by that id');
    }
    const requestId = running.pipeline.replayFailure(record);
    if (requestId === undefined) {
      throw new DashboardError(DashboardErrorCode.NOT_FOUND, 'the stack is stopping');
    }
    for (const object of replayedObjects(record)) {
      const name = this.#fileName(running, object.key);
      if (name === undefined) continue;
      this.#broadcast('upload', running.board.replaying(name, object.sequencer));
      running.board.seen(name, requestId);
    }
    running.replays.set(record.requestContext.requestId, {
      requestId,
      at: new Date().toISOString(),
    });
    this.#broadcast('failures', this.#failureRows(running));
    sendJson(res, 202, { request_id: requestId });
  }
}

/** One server-sent event (JSON never holds a raw line break, so `data` is one line). */
function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Answers `{error_code, message}` for a DashboardError, 500 for anything else. A request whose
 * body was not read (a refused upload) gets `Connection: close`, so the body is not read for it.
 */
function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const known = error instanceof DashboardError;
  const body = known
    ? { error_code: error.code, message: error.message }
    : {
        error_code: DashboardErrorCode.INTERNAL,
        message: error instanceof Error ? error.message : String(error),
      };
  if (!req.complete) res.setHeader('connection', 'close');
  sendJson(res, known ? error.status : STATUS_OF.INTERNAL, body);
}
