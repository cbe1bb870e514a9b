import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { EmulatorStartError } from '../errors.js';
import { closeServer, listen } from './closeServer.js';
import { LeanS3Store } from './LeanS3Store.js';
import { installLegacyDesShim } from './legacyDesShim.js';
import {
  type EmulatorOptions,
  type ObjectEvent,
  type ObjectEventListener,
  type S3Emulator,
  S3EventName,
} from './S3Emulator.js';

const require = createRequire(import.meta.url);

/** The part of s3rver's raw event record this adapter reads. */
interface S3rverEventRecord {
  eventName?: string;
  eventTime?: string;
  requestParameters?: { sourceIPAddress?: string };
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number; eTag?: string } };
}

/** The part of the s3rver (Koa) application this adapter uses. */
interface S3rverApp {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: 'event', listener: (event: { Records: S3rverEventRecord[] }) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  logger: { close(): void; exceptions: { unhandle(): void } };
  /** The store s3rver's controllers use (`ctx.store`, `ctx.app.store`); replaced after construction. */
  store: unknown;
  context: { store: unknown };
}

type S3rverCtor = new (options: Record<string, unknown>) => S3rverApp;

/** s3rver's built-in account; it only knows the key pair `S3RVER`/`S3RVER` unless told more. */
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

/** Options of the s3rver emulator. */
export interface S3rverEmulatorOptions extends EmulatorOptions {
  /** Key pair accepted besides s3rver's own (default `test`/`test`, as the AWS CLI examples use). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** What happened in the request that made s3rver emit an event (it calls both `Post`). */
interface RequestInfo {
  method: string;
  url: string;
  res: ServerResponse;
  /** The raw Range header, read by the store (s3rver's controller drops suffix ranges). */
  range: string | undefined;
}

/**
 * S3 emulator backed by s3rver, on our own HTTP server on loopback. s3rver's filesystem store is
 * replaced by {@link LeanS3Store} (in-memory index, journal, one file per body).
 */
export class S3rverEmulator implements S3Emulator {
  readonly #options: Required<S3rverEmulatorOptions>;
  readonly #listeners = new Set<ObjectEventListener>();
  readonly #requests = new AsyncLocalStorage<RequestInfo>();
  #app: S3rverApp | undefined;
  #store: LeanS3Store | undefined;
  #server: Server | undefined;
  #endpoint = '';
  /** Errors thrown by listeners; reported here instead of failing a request. */
  onListenerError: (error: unknown) => void = () => {};

  constructor(options: S3rverEmulatorOptions) {
    this.#options = {
      host: '127.0.0.1',
      port: 0,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...options,
    };
  }

  get endpoint(): string {
    return this.#endpoint;
  }

  /** Starts s3rver on host:port; resolves with the endpoint. */
  async start(): Promise<string> {
    if (this.#server) return this.#endpoint;
    installLegacyDesShim();
    mkdirSync(this.#options.directory, { recursive: true });
    const S3rver = require('s3rver') as S3rverCtor;
    const { accessKeyId, secretAccessKey } = this.#options.credentials;
    (require('s3rver/lib/models/account.js') as S3rverAccounts).DUMMY_ACCOUNT.createKeyPair(
      accessKeyId,
      secretAccessKey,
    );
    const app = new S3rver({
      directory: this.#options.directory,
      silent: true,
    });
    const store = new LeanS3Store(this.#options.directory, {
      rangeHeader: () => this.#requests.getStore()?.range,
    });
    app.store = app.context.store = store;
    try {
      await store.open();
    } catch (error) {
      app.logger.exceptions.unhandle();
      app.logger.close();
      throw new EmulatorStartError(
        `S3 emulator cannot open its store in ${this.#options.directory}`,
        { cause: error },
      );
    }
    app.on('error', () => {}); // request errors are answered as S3 XML errors already
    app.on('event', (event) => this.#onRawEvent(event));
    const handler = app.callback();
    const server = createServer((req, res) =>
      this.#requests.run(
        { method: req.method ?? 'GET', url: req.url ?? '/', res, range: req.headers.range },
        () => handler(req, res),
      ),
    );
    try {
      const port = await listen(server, this.#options.host, this.#options.port);
      this.#endpoint = `http://${this.#options.host}:${port}`;
    } catch (error) {
      app.logger.exceptions.unhandle();
      app.logger.close();
      await store.close();
      throw new EmulatorStartError(
        `S3 emulator cannot listen on ${this.#options.host}:${this.#options.port}`,
        { cause: error },
      );
    }
    this.#app = app;
    this.#store = store;
    this.#server = server;
    return this.#endpoint;
  }

  /** Stops the server, s3rver's logger and the store's journal. */
  async stop(): Promise<void> {
    const server = this.#server;
    const app = this.#app;
    const store = this.#store;
    this.#server = undefined;
    this.#app = undefined;
    this.#store = undefined;
    if (server) await closeServer(server);
    if (app) {
      app.logger.exceptions.unhandle();
      app.logger.close();
    }
    if (store) await store.close();
  }

  /** Subscribes to object changes. */
  onObjectEvent(listener: ObjectEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Runs inside the PUT: copy what is needed and leave, never throw into s3rver. Listeners run
   * once the response has been sent (and only if it succeeded), like S3's notifications.
   */
  #onRawEvent(raw: { Records: S3rverEventRecord[] }): void {
    let events: ObjectEvent[];
    const request = this.#requests.getStore();
    try {
      events = raw.Records.map((record) => toObjectEvent(record, request));
    } catch (error) {
      this.onListenerError(error);
      return;
    }
    const deliver = () => setImmediate(() => this.#deliver(events));
    const res = request?.res;
    if (!res || res.writableFinished) {
      deliver();
      return;
    }
    res.once('finish', () => {
      if (res.statusCode < 300) deliver();
    });
  }

  #deliver(events: readonly ObjectEvent[]): void {
    for (const event of events) {
      for (const listener of this.#listeners) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error);
        }
      }
    }
  }
}

/** Maps one s3rver record to an {@link ObjectEvent}, naming multipart completions as S3 does. */
function toObjectEvent(record: S3rverEventRecord, request: RequestInfo | undefined): ObjectEvent {
  let eventName = (record.eventName ?? S3EventName.Put) as ObjectEvent['eventName'];
  if (eventName === S3EventName.Post && request && /[?&]uploadId=/.test(request.url)) {
    eventName = S3EventName.CompleteMultipartUpload;
  }
  const object = record.s3?.object ?? {};
  const event: ObjectEvent = {
    bucket: record.s3?.bucket?.name ?? '',
    key: object.key ?? '',
    eventName,
    eventTime: record.eventTime ? new Date(record.eventTime) : new Date(),
  };
  if (typeof object.size === 'number' && Number.isFinite(object.size)) event.size = object.size;
  if (typeof object.eTag === 'string') event.eTag = object.eTag.replace(/"/g, '');
  const sourceIp = record.requestParameters?.sourceIPAddress;
  if (sourceIp) event.sourceIp = sourceIp;
  return event;
}
