import { Worker } from 'node:worker_threads';
import { EmulatorStartError } from '../errors.js';
import type { DynaliteOptions } from './DynaliteEmulator.js';
import type { DynamoEmulator, DynamoRequest, DynamoRequestListener } from './DynamoEmulator.js';
import type { ObjectEvent, ObjectEventListener, S3Emulator } from './S3Emulator.js';
import type { S3rverEmulatorOptions } from './S3rverEmulator.js';

const THREAD_URL = new URL('./emulatorThread.mjs', import.meta.url);

type ThreadMessage =
  | { type: 'started'; endpoint: string }
  | { type: 'start-error'; error: { name?: string; message?: string; cause?: string } }
  | { type: 'event'; event: ObjectEvent }
  | { type: 'request'; request: DynamoRequest }
  | { type: 'stopped' };

/** One emulator in its own worker thread; subclasses pick the emulator and its events. */
abstract class ThreadedEmulator {
  readonly #kind: 's3' | 'dynamodb';
  readonly #options: unknown;
  #worker: Worker | undefined;
  #endpoint = '';

  protected constructor(kind: 's3' | 'dynamodb', options: unknown) {
    this.#kind = kind;
    this.#options = options;
  }

  get endpoint(): string {
    return this.#endpoint;
  }

  protected abstract deliver(message: ThreadMessage): void;

  /** Starts the thread and the emulator in it; resolves with the endpoint. */
  async start(): Promise<string> {
    if (this.#worker) return this.#endpoint;
    const worker = new Worker(THREAD_URL, {
      workerData: { kind: this.#kind, options: this.#options },
      execArgv: [],
    });
    this.#endpoint = await new Promise<string>((resolve, reject) => {
      const onExit = (code: number) =>
        reject(new EmulatorStartError(`${this.#kind} emulator thread exited with ${code}`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.on('message', (message: ThreadMessage) => {
        if (message.type === 'started') {
          worker.off('exit', onExit);
          worker.off('error', reject);
          resolve(message.endpoint);
        } else if (message.type === 'start-error') {
          worker.off('exit', onExit);
          void worker.terminate();
          const { message: text, cause } = message.error;
          reject(new EmulatorStartError(`${text ?? 'start failed'}${cause ? `: ${cause}` : ''}`));
        } else {
          this.deliver(message);
        }
      });
    });
    this.#worker = worker;
    return this.#endpoint;
  }

  /** Stops the emulator (closing its store) and ends the thread. Idempotent. */
  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const stopped = new Promise<void>((resolve) => {
      worker.on('message', (message: ThreadMessage) => {
        if (message.type === 'stopped') resolve();
      });
    });
    worker.postMessage({ type: 'stop' });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.race([stopped, timeout]);
    await Promise.race([exited, timeout]);
    await worker.terminate();
  }
}

/** s3rver in its own thread (see {@link S3rverEmulatorOptions}). */
export class ThreadedS3Emulator extends ThreadedEmulator implements S3Emulator {
  readonly #listeners = new Set<ObjectEventListener>();

  constructor(options: S3rverEmulatorOptions) {
    super('s3', options);
  }

  onObjectEvent(listener: ObjectEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected deliver(message: ThreadMessage): void {
    if (message.type !== 'event') return;
    for (const listener of this.#listeners) {
      try {
        listener(message.event);
      } catch {
        // a failing listener must not affect the emulator or other listeners
      }
    }
  }
}

/** dynalite in its own thread (see {@link DynaliteOptions}). */
export class ThreadedDynamoEmulator extends ThreadedEmulator implements DynamoEmulator {
  readonly #listeners = new Set<DynamoRequestListener>();

  constructor(options: DynaliteOptions) {
    super('dynamodb', options);
  }

  onRequest(listener: DynamoRequestListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  protected deliver(message: ThreadMessage): void {
    if (message.type !== 'request') return;
    for (const listener of this.#listeners) listener(message.request);
  }
}
