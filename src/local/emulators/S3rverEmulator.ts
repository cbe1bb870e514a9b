import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { EmulatorStartError } from '../errors.js';
import {
  CheckedFilesystemStore,
  type RecoveryReport,
  type StoreCheckReport,
} from './CheckedFilesystemStore.js';
import { closeServer, listen } from './closeServer.js';
import { refuseLongKey } from './keyLimit.js';
import { type ListingState, listV2Tokens } from './listV2Tokens.js';
import {
  type EmulatorOptions,
  type ObjectEvent,
  type ObjectEventListener,
  type S3Emulator,
  S3EventName,
} from './S3Emulator.js';
import { type S3rverApp, type S3rverEventRecord, s3rverModules } from './s3rverModules.js';

/** Options of the s3rver emulator. */
export interface S3rverEmulatorOptions extends EmulatorOptions {
  /** Key pair accepted besides s3rver's own (default `test`/`test`, as the AWS CLI examples use). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** What the store found and did when the emulator started. */
export interface S3StartReport {
  recovery: RecoveryReport;
  check: StoreCheckReport;
  /** The folder of the lean store an earlier version kept, when it is still there (not read). */
  leanStoreDirectory?: string;
}

/** Folder where an earlier version of this project kept S3 data in its own format. */
export const LEAN_STORE_FOLDER = '_lean-s3';

/** What happened in the request that made s3rver emit an event (it calls both `Post`). */
interface RequestInfo {
  url: string;
  res: ServerResponse;
}

/**
 * S3 emulator backed by s3rver 3.7.1 on our own HTTP server on loopback, with s3rver's own
 * filesystem store made crash-safe and checked ({@link CheckedFilesystemStore}) and our own
 * ListObjectsV2 continuation tokens ({@link listV2Tokens}).
 */
export class S3rverEmulator implements S3Emulator {
  readonly #options: Required<S3rverEmulatorOptions>;
  readonly #listeners = new Set<ObjectEventListener>();
  readonly #requests = new AsyncLocalStorage<RequestInfo>();
  readonly #listing = new AsyncLocalStorage<ListingState>();
  #app: S3rverApp | undefined;
  #store: CheckedFilesystemStore | undefined;
  #server: Server | undefined;
  #endpoint = '';
  #report: S3StartReport | undefined;
  /** Errors raised while reading s3rver's event; reported here instead of failing a request. */
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

  /** What the store recovered and found at the last start. */
  get startReport(): S3StartReport | undefined {
    return this.#report;
  }

  /** Starts s3rver on host:port; resolves with the endpoint. */
  async start(): Promise<string> {
    if (this.#server) return this.#endpoint;
    const directory = this.#options.directory;
    mkdirSync(directory, { recursive: true });
    const { S3rver, accounts } = s3rverModules();
    const { accessKeyId, secretAccessKey } = this.#options.credentials;
    accounts.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
    const app = new S3rver({ directory, silent: true });
    const closeLogger = () => {
      app.logger.exceptions.unhandle();
      app.logger.close();
    };
    const store = new CheckedFilesystemStore(directory, {
      listing: () => this.#listing.getStore(),
    });
    app.store = app.context.store = store;
    app.middleware.unshift(listV2Tokens(this.#listing));
    try {
      const recovery = await store.recover();
      const check = await store.check();
      const lean = join(directory, LEAN_STORE_FOLDER);
      this.#report = { recovery, check, ...(existsSync(lean) ? { leanStoreDirectory: lean } : {}) };
    } catch (error) {
      closeLogger();
      throw new EmulatorStartError(`S3 emulator cannot read its store in ${directory}`, {
        cause: error,
      });
    }
    // Request errors are answered as S3 XML errors already, unless the body had started: then
    // s3rver's onerror gives up (`lib/s3rver.js`) and the client would wait for the missing
    // bytes forever. Cutting the connection makes its read fail at once.
    app.on('error', (_error, ctx) => {
      if (ctx?.headerSent) ctx.res.destroy();
    });
    app.on('event', (event) => this.#onRawEvent(event));
    const handler = app.callback();
    const server = createServer((req, res) => {
      if (refuseLongKey(req, res)) return;
      this.#requests.run({ url: req.url ?? '/', res }, () => handler(req, res));
    });
    try {
      const port = await listen(server, this.#options.host, this.#options.port);
      this.#endpoint = `http://${this.#options.host}:${port}`;
    } catch (error) {
      closeLogger();
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

  /** Stops the server (no response leaves after this resolves) and s3rver's logger. */
  async stop(): Promise<void> {
    const server = this.#server;
    const app = this.#app;
    this.#server = undefined;
    this.#app = undefined;
    this.#store = undefined;
    if (server) await closeServer(server);
    if (app) {
      // Requests cut by the close may still log; a silent logger drops them instead of winston
      // printing "Attempt to write logs with no transports" for each.
      (app.logger as { silent?: boolean }).silent = true;
      app.logger.exceptions.unhandle();
      app.logger.close();
    }
  }

  /** Subscribes to object changes (see {@link ObjectEventListener} for when it is called). */
  onObjectEvent(listener: ObjectEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Runs inside the request: s3rver emits `event` synchronously from its controller after the
   * store call and before the controller returns, and Koa writes the response only after the
   * middleware chain has returned (`controllers/object.js` `triggerS3Event`; Koa
   * `application.js` `handleRequest`). Listeners therefore run before the 200 leaves, and a
   * listener's throw propagates into the controller, which answers 500.
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
    const answered = whenAnswered(request?.res);
    for (const event of events) {
      for (const listener of this.#listeners) listener(event, answered);
    }
  }
}

/** Resolves once the response is finished or its connection closed: true for a 2xx status. */
function whenAnswered(res: ServerResponse | undefined): Promise<boolean> {
  if (!res || res.writableFinished) return Promise.resolve(res ? res.statusCode < 300 : true);
  return new Promise((resolve) => {
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      resolve(res.statusCode < 300);
    };
    res.once('finish', done);
    res.once('close', done);
  });
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
