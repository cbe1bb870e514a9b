import { randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** Which function an outbox entry is delivered to. */
export type OutboxTarget = 'processor' | 'failures';

/** How an entry ended (written in its tombstone, for whoever reads the journal). */
export type OutboxOutcome = 'success' | 'on-failure' | 'not-acknowledged';

/** An event not yet delivered to a terminal outcome. */
export interface OutboxEntry {
  id: string;
  target: OutboxTarget;
  event: unknown;
  /** When it was accepted (ISO 8601). */
  at: string;
}

/** What {@link EventOutbox.open} found in the journal. */
export interface OutboxOpenReport {
  /** Entries without a tombstone, oldest first: to deliver again. */
  pending: OutboxEntry[];
  /** The greatest S3 sequencer ever issued (the next ones must be greater). */
  lastSequencer: string | undefined;
  /** The last line was cut by a crash mid-append (that append was never acknowledged). */
  tornTail: boolean;
  /** Lines in the middle that were unreadable; the journal was copied aside first. */
  unreadableLines: number;
  /** Where the unreadable journal was copied, if it was. */
  damagedCopy?: string;
}

type Line =
  | { op: 'add'; id: string; target: OutboxTarget; at: string; event: unknown }
  | { op: 'done'; id: string; outcome: OutboxOutcome }
  | { op: 'seq'; last: string };

/** Rewrite the journal when it holds this many more lines than pending entries. */
const COMPACT_AFTER_LINES = 10_000;

/**
 * A durable outbox of function invocations (`<dataDir>/events/outbox.jsonl`): one JSON line per
 * accepted event (`add`) and one per terminal outcome (`done`). {@link add} writes synchronously,
 * so called from the emulator's object event (which runs inside the PUT), the event is in the
 * file before the PUT's 200 leaves; a `kill -9` keeps it (it is in the kernel's page cache; a
 * power loss is not covered, nothing is fsynced per event). At start, entries without a `done`
 * are delivered again: at least once, as S3 and Lambda's asynchronous invocation deliver.
 *
 * The journal is rewritten (temporary file + rename) with only the pending entries at open, at
 * close and when it grows, and keeps the last sequencer so sequencers grow across restarts.
 */
export class EventOutbox {
  readonly #path: string;
  readonly #pending = new Map<string, OutboxEntry>();
  #fd: number | undefined;
  #lines = 0;
  #lastSequencer: string | undefined;

  private constructor(path: string) {
    this.#path = path;
  }

  /** Reads (and compacts) the journal at `path`, creating it if missing. */
  static open(path: string): { outbox: EventOutbox; report: OutboxOpenReport } {
    mkdirSync(dirname(path), { recursive: true });
    const outbox = new EventOutbox(path);
    const report: OutboxOpenReport = {
      pending: [],
      lastSequencer: undefined,
      tornTail: false,
      unreadableLines: 0,
    };
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const lines = text.split('\n');
    const last = lines.pop() ?? ''; // '' when the file ends with a newline, as every append does
    if (last !== '') report.tornTail = true;
    for (const raw of lines) {
      if (raw === '') continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        report.unreadableLines += 1;
        continue;
      }
      outbox.#apply(line);
    }
    if (report.unreadableLines > 0) {
      report.damagedCopy = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(path, report.damagedCopy);
    }
    outbox.#compact();
    report.pending = [...outbox.#pending.values()];
    report.lastSequencer = outbox.#lastSequencer;
    return { outbox, report };
  }

  /** Entries accepted and not yet settled. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** The greatest S3 sequencer recorded. */
  get lastSequencer(): string | undefined {
    return this.#lastSequencer;
  }

  /** Records an event before it is delivered (synchronous: on disk when this returns). */
  add(target: OutboxTarget, event: unknown): OutboxEntry {
    const entry: OutboxEntry = { id: randomUUID(), target, event, at: new Date().toISOString() };
    this.#write({ op: 'add', ...entry });
    this.#apply({ op: 'add', ...entry });
    return entry;
  }

  /** Records the terminal outcome of an entry; it will not be delivered again. */
  settle(id: string, outcome: OutboxOutcome): void {
    if (!this.#pending.has(id) || this.#fd === undefined) return;
    this.#write({ op: 'done', id, outcome });
    this.#pending.delete(id);
    if (this.#lines > this.#pending.size + COMPACT_AFTER_LINES) this.#compact();
  }

  /** Compacts and closes the journal; pending entries stay in it for the next start. */
  close(): void {
    if (this.#fd === undefined) return;
    this.#compact();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #apply(line: Line): void {
    if (line.op === 'add') {
      this.#pending.set(line.id, {
        id: line.id,
        target: line.target,
        event: line.event,
        at: line.at,
      });
      const sequencer = sequencerOf(line.event);
      if (sequencer !== undefined) this.#noteSequencer(sequencer);
    } else if (line.op === 'done') {
      this.#pending.delete(line.id);
    } else if (line.op === 'seq') {
      this.#noteSequencer(line.last);
    }
  }

  #noteSequencer(sequencer: string): void {
    const last = this.#lastSequencer;
    if (last === undefined || compareSequencers(sequencer, last) > 0) {
      this.#lastSequencer = sequencer;
    }
  }

  #write(line: Line): void {
    if (this.#fd === undefined) throw new Error(`event outbox ${this.#path} is closed`);
    writeSync(this.#fd, `${JSON.stringify(line)}\n`);
    this.#lines += 1;
  }

  /** Rewrites the journal with the pending entries only: temporary file, fsync, rename. */
  #compact(): void {
    const lines: Line[] = [];
    if (this.#lastSequencer !== undefined) lines.push({ op: 'seq', last: this.#lastSequencer });
    for (const entry of this.#pending.values()) lines.push({ op: 'add', ...entry });
    const tmp = `${this.#path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (this.#fd !== undefined) closeSync(this.#fd);
    renameSync(tmp, this.#path);
    this.#fd = openSync(this.#path, 'a');
    this.#lines = lines.length;
  }
}

/** The sequencer of the first record of an S3 event, if the event is one. */
function sequencerOf(event: unknown): string | undefined {
  const records = (event as { Records?: Array<{ s3?: { object?: { sequencer?: unknown } } }> })
    ?.Records;
  const sequencer = Array.isArray(records) ? records[0]?.s3?.object?.sequencer : undefined;
  return typeof sequencer === 'string' ? sequencer : undefined;
}

/** Orders S3 sequencers: hex strings compared after left-padding to equal length. */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}
