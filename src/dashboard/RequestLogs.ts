import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LogLine } from '../local/index.js';
import { DASHBOARD_DEFAULTS } from './constants.js';

/** One log line of a request, as the logs page prints it. */
export interface RequestLogLine {
  timestamp: string;
  functionName: string;
  message: string;
}

/**
 * The function log lines of recent requests, by request id: what LocalPipeline's `onLog` hands
 * over (the function's output and the runtime's START/END/REPORT lines), bounded in memory. A
 * request not seen by this process (an earlier run) is looked up in the log files the pipeline
 * writes (`<dataDir>/logs/<function>.log`, lines `timestamp<TAB>message`), where a line belongs to
 * a request when it names its id: the runtime's lines and Powertools' `function_request_id` do,
 * a bare `console.log` of the function does not.
 */
export class RequestLogs {
  readonly #byRequest = new Map<string, RequestLogLine[]>();
  #chars = 0;

  /** Keeps one line; pass it as LocalPipeline's `onLog` option. */
  readonly add = (line: LogLine): void => {
    let lines = this.#byRequest.get(line.requestId);
    if (!lines) {
      lines = [];
      this.#byRequest.set(line.requestId, lines);
    }
    if (lines.length >= DASHBOARD_DEFAULTS.linesPerRequest) return;
    const message = line.message.slice(0, DASHBOARD_DEFAULTS.lineChars);
    lines.push({ timestamp: line.timestamp, functionName: line.functionName, message });
    this.#chars += message.length;
    // Oldest requests first (a Map iterates in insertion order), never the one being written.
    for (const [requestId, dropped] of this.#byRequest) {
      if (
        this.#byRequest.size <= DASHBOARD_DEFAULTS.logRequests &&
        this.#chars <= DASHBOARD_DEFAULTS.logChars
      ) {
        break;
      }
      if (requestId === line.requestId) break;
      this.#byRequest.delete(requestId);
      for (const old of dropped) this.#chars -= old.message.length;
    }
  };

  /** True when this process holds lines of the request. */
  has(requestId: string): boolean {
    return this.#byRequest.has(requestId);
  }

  /** The request's lines: from memory, else from the log files of `functions` under `logsDir`. */
  async lines(
    requestId: string,
    logsDir: string,
    functions: readonly string[],
  ): Promise<RequestLogLine[]> {
    const kept = this.#byRequest.get(requestId);
    if (kept) return kept;
    const found: RequestLogLine[] = [];
    for (const functionName of functions) {
      const path = join(logsDir, `${functionName}.log`);
      if (!existsSync(path)) continue;
      const reader = createInterface({
        input: createReadStream(path, { encoding: 'utf8' }),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      try {
        for await (const text of reader) {
          if (!text.includes(requestId)) continue;
          const tab = text.indexOf('\t');
          found.push({
            timestamp: tab === -1 ? '' : text.slice(0, tab),
            functionName,
            message: text.slice(tab + 1, tab + 1 + DASHBOARD_DEFAULTS.lineChars),
          });
          if (found.length >= DASHBOARD_DEFAULTS.linesPerRequest) break;
        }
      } catch {
        // unreadable now (rotated, permissions): what was found stands
      } finally {
        reader.close();
      }
    }
    return found;
  }
}
