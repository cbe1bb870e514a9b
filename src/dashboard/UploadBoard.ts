import { DISPLAY_LIMITS } from '../report/constants.js';
import { displayText } from '../report/escape.js';
import { DASHBOARD_DEFAULTS } from './constants.js';
import { filePath } from './routes.js';
import type { UploadRow } from './types.js';

interface Entry {
  row: UploadRow;
  /** The sequencer of the upload (or replay) under way: only its item ends the wait. */
  pending?: string | undefined;
  /** Requests about this file seen by this process, oldest first (for its logs). */
  requestIds: string[];
  /** The request id of its current item. */
  itemRequestId?: string | undefined;
}

/** Requests remembered per file. */
const REQUESTS_PER_FILE = 20;

const numberOr = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const textOr = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The uploads the page lists, one row per file (per metadata item), newest first. A row is
 * created by the upload's notification (`queued`), moves to `retrying` when an attempt fails,
 * and takes its item's status once the item of that very upload (same S3 sequencer) is read:
 * an earlier upload's item is never shown as the result of a new one.
 */
export class UploadBoard {
  readonly #entries = new Map<string, Entry>();

  /** Every row, newest upload first. */
  rows(): UploadRow[] {
    return [...this.#entries.values()]
      .map((entry) => entry.row)
      .sort((a, b) => (b.uploadedAt ?? 0) - (a.uploadedAt ?? 0));
  }

  /** The row of a file, if listed. */
  row(name: string): UploadRow | undefined {
    return this.#entries.get(name)?.row;
  }

  /** The request ids whose logs belong to a file: its item's, then those seen here. */
  requestIds(name: string): string[] {
    const entry = this.#entries.get(name);
    if (!entry) return [];
    const ids = entry.itemRequestId ? [entry.itemRequestId] : [];
    for (const id of entry.requestIds) if (!ids.includes(id)) ids.push(id);
    return ids;
  }

  /** An acknowledged upload (its notification): the row waits for this upload's item. */
  queued(
    name: string,
    upload: { sizeBytes?: number; uploadedAt: number; sequencer?: string },
  ): UploadRow {
    const entry = this.#entry(name);
    entry.pending = upload.sequencer;
    entry.row = {
      name,
      shown: entry.row.shown,
      status: 'queued',
      sizeBytes: upload.sizeBytes,
      uploadedAt: upload.uploadedAt,
      links: { logs: filePath(name, 'logs') },
    };
    this.#trim();
    return entry.row;
  }

  /** A replay of a recorded failure: the row waits for the item of the replayed upload. */
  replaying(name: string, sequencer: string | undefined): UploadRow {
    const entry = this.#entry(name);
    entry.pending = sequencer;
    entry.row = { ...entry.row, status: 'queued', failedAttempts: undefined };
    return entry.row;
  }

  /** A failed attempt about the file that Lambda retries (or sends on failure). */
  attemptFailed(
    name: string,
    attempt: number,
    error: { errorType?: string; errorMessage?: string } | undefined,
  ): UploadRow {
    const entry = this.#entry(name);
    entry.row = {
      ...entry.row,
      status: 'retrying',
      failedAttempts: attempt,
      code: error?.errorType,
      message:
        error?.errorMessage === undefined
          ? undefined
          : displayText(error.errorMessage, DISPLAY_LIMITS.message),
    };
    return entry.row;
  }

  /** Remembers a request about the file (for its logs). */
  seen(name: string, requestId: string): void {
    const entry = this.#entries.get(name);
    if (!entry || entry.requestIds.includes(requestId)) return;
    entry.requestIds.push(requestId);
    if (entry.requestIds.length > REQUESTS_PER_FILE) entry.requestIds.shift();
  }

  /**
   * Takes an item (as `readItem` returns it) unless the row waits for another upload's item;
   * returns the new row, or undefined when it was not taken.
   */
  fromItem(item: Record<string, unknown>): UploadRow | undefined {
    const name = textOr(item.file_name);
    if (name === undefined) return undefined;
    const known = this.#entries.get(name);
    if (known?.pending !== undefined && item.sequencer !== known.pending) return undefined;
    const entry = known ?? this.#entry(name);
    entry.pending = undefined;
    entry.itemRequestId = textOr(item.request_id);
    const uploadedAt = Date.parse(String(item.upload_timestamp ?? ''));
    const processedAt = Date.parse(String(item.processed_timestamp ?? ''));
    const success = item.status === 'success';
    const message = textOr(item.error_message);
    const quality = item.quality_issues as { issue_count?: unknown } | undefined;
    entry.row = {
      name,
      shown: entry.row.shown,
      status: success ? 'success' : 'error',
      code: textOr(item.error_code),
      message: message === undefined ? undefined : displayText(message, DISPLAY_LIMITS.message),
      sizeBytes: numberOr(item.size_bytes),
      rows: numberOr(item.row_count),
      columns: numberOr(item.column_count),
      issues: numberOr(quality?.issue_count),
      uploadedAt: Number.isFinite(uploadedAt)
        ? uploadedAt
        : Number.isFinite(processedAt)
          ? processedAt
          : entry.row.uploadedAt,
      uploadToItemMs:
        Number.isFinite(uploadedAt) && Number.isFinite(processedAt)
          ? processedAt - uploadedAt
          : undefined,
      links: {
        ...(success && textOr(item.report_key) ? { report: filePath(name, 'report') } : {}),
        ...(success && textOr(item.summary_key) ? { summary: filePath(name, 'summary') } : {}),
        logs: filePath(name, 'logs'),
      },
    };
    this.#trim();
    return entry.row;
  }

  #entry(name: string): Entry {
    let entry = this.#entries.get(name);
    if (!entry) {
      entry = {
        row: {
          name,
          shown: displayText(name, DISPLAY_LIMITS.fileName),
          status: 'queued',
          links: { logs: filePath(name, 'logs') },
        },
        requestIds: [],
      };
      this.#entries.set(name, entry);
    }
    return entry;
  }

  /** Drops the oldest rows beyond the limit. */
  #trim(): void {
    while (this.#entries.size > DASHBOARD_DEFAULTS.maxRows) {
      let oldest: string | undefined;
      let oldestAt = Number.POSITIVE_INFINITY;
      for (const [name, entry] of this.#entries) {
        const at = entry.row.uploadedAt ?? 0;
        if (at < oldestAt) {
          oldest = name;
          oldestAt = at;
        }
      }
      if (oldest === undefined) return;
      this.#entries.delete(oldest);
    }
  }
}
