import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { LogLine } from './types.js';

/**
 * The functions' log files, `<dir>/<function name>.log`, as CloudWatch Logs keeps one log group
 * per function: each line is `<timestamp>\t<message>`. A file is opened on its first line.
 */
export class FunctionLogFiles {
  readonly #dir: string;
  readonly #streams = new Map<string, WriteStream>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Appends one line to its function's file. */
  write(line: LogLine): void {
    let stream = this.#streams.get(line.functionName);
    if (!stream) {
      mkdirSync(this.#dir, { recursive: true });
      stream = createWriteStream(join(this.#dir, `${line.functionName}.log`), { flags: 'a' });
      this.#streams.set(line.functionName, stream);
    }
    stream.write(`${line.timestamp}\t${line.message}\n`);
  }

  /** Flushes and closes every file; later lines open them again. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.#streams.values()].map(
        (stream) => new Promise<void>((resolvePromise) => stream.end(() => resolvePromise())),
      ),
    );
    this.#streams.clear();
  }
}
