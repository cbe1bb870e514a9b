import { mkdirSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { EmulatorStartError } from '../errors.js';
import { closeServer, listen } from './closeServer.js';
import type { DynamoEmulator, DynamoRequestListener } from './DynamoEmulator.js';
import type { EmulatorOptions } from './S3Emulator.js';

const require = createRequire(import.meta.url);

type Dynalite = (options: Record<string, unknown>) => Server;
type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The longest a stop waits for the requests in flight before it cuts them off. */
const STOP_DRAIN_MS = 10_000;

/** Extra dynalite settings; table state changes are instant by default. */
export interface DynaliteOptions extends EmulatorOptions {
  /** Keep data in memory instead of LevelDB under `directory`. */
  inMemory?: boolean;
}

/** DynamoDB emulator backed by dynalite (LevelDB under the directory), timing every request. */
export class DynaliteEmulator implements DynamoEmulator {
  readonly #options: Required<DynaliteOptions>;
  readonly #listeners = new Set<DynamoRequestListener>();
  #server: Server | undefined;
  #endpoint = '';
  /** Requests received and not yet answered by dynalite. */
  #inFlight = 0;
  /** Called when the last request in flight ends (while a stop waits for it). */
  #drained: (() => void) | undefined;
  #stopping = false;

  constructor(options: DynaliteOptions) {
    this.#options = { host: '127.0.0.1', port: 0, inMemory: false, ...options };
  }

  get endpoint(): string {
    return this.#endpoint;
  }

  /** Opens the store and listens; resolves with the endpoint. */
  async start(): Promise<string> {
    if (this.#server) return this.#endpoint;
    const { directory, inMemory, host, port } = this.#options;
    if (!inMemory) mkdirSync(directory, { recursive: true });
    const dynalite = require('dynalite') as Dynalite;
    const server = dynalite({
      ...(inMemory ? {} : { path: directory }),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    this.#timeRequests(server);
    try {
      const bound = await listen(server, host, port);
      this.#endpoint = `http://${host}:${bound}`;
    } catch (error) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw new EmulatorStartError(`DynamoDB emulator cannot listen on ${host}:${port}`, {
        cause: error,
      });
    }
    this.#server = server;
    return this.#endpoint;
  }

  /**
   * Lets the requests received run to their answer (at most STOP_DRAIN_MS), then closes the
   * server, the connections and, through dynalite's own close, the LevelDB store. Closing the
   * store under a running request made dynalite throw "Database is closed" from a callback, an
   * uncaught exception that ended the process.
   */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    this.#stopping = true;
    try {
      // dynalite's own close (which closes the store once the connections are gone) comes only
      // after the requests it received have run: a request whose client has left still runs
      // its action, and one that reached the store after the close threw.
      if (this.#inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, STOP_DRAIN_MS);
          this.#drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      this.#drained = undefined;
      await closeServer(server);
    } finally {
      this.#stopping = false;
    }
  }

  /** Subscribes to served requests. */
  onRequest(listener: DynamoRequestListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Wraps dynalite's request handler: time from arrival to the response's last byte. */
  #timeRequests(server: Server): void {
    const handlers = server.listeners('request') as RequestHandler[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      // While stopping, each answer closes its connection, so no more requests come on it.
      if (this.#stopping) res.shouldKeepAlive = false;
      // In flight until dynalite answers (its action has run on the store), even when the
      // client has gone: a closed connection does not stop the action.
      this.#inFlight++;
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        this.#inFlight--;
        if (this.#inFlight === 0) this.#drained?.();
      };
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        done();
        return end(...args);
      }) as ServerResponse['end'];
      // A request whose body never arrived in full never runs its action.
      res.once('close', () => {
        if (!req.complete) done();
      });
      res.once('finish', () => {
        if (this.#listeners.size === 0) return;
        const target = String(req.headers['x-amz-target'] ?? '');
        const request = {
          operation: target.slice(target.indexOf('.') + 1) || 'Unknown',
          statusCode: res.statusCode,
          durationMs: performance.now() - started,
        };
        for (const listener of this.#listeners) {
          try {
            listener(request);
          } catch {
            // a metrics listener must not break the emulator
          }
        }
      });
      for (const handler of handlers) handler(req, res);
    });
  }
}
