import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SUMMARY_SUFFIX } from '../pipeline/constants.js';
import { resultFolderFor } from '../pipeline/resultKey.js';
import { INGEST_TEST_PREFIX, INGEST_TEST_ROWS } from './constants.js';
import { generateCsv, newRunId } from './csv.js';
import type { Target } from './targets/Target.js';
import { cleanupUploads, uploadAndWait } from './uploadAndWait.js';

/** One verification of `ingest test`. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Stage timings of one test upload, in ms (null where the item lacks the timing). */
export interface StageTimings {
  upload_ms: number;
  trigger_delay_ms: number | null;
  profile_ms: number | null;
  total_ms: number | null;
  visible_ms: number;
  end_to_end_ms: number;
}

/** The outcome of `ingest test`. */
export interface IngestTestResult {
  target: string;
  runId: string;
  fileName: string;
  ok: boolean;
  timings: StageTimings;
  checks: Check[];
}

/** Options of {@link runIngestTest}. */
export interface IngestTestOptions {
  rows?: number;
  timeoutMs?: number;
  /** Keep the upload, summary and item (default: remove them). */
  keep?: boolean;
}

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * `ingest test`: uploads a generated CSV under `uploads/ingest-test/<run-id>.csv`, polls the
 * metadata item, verifies the item and the summary in `processed/`, and returns stage timings.
 */
export async function runIngestTest(
  target: Target,
  options: IngestTestOptions = {},
): Promise<IngestTestResult> {
  const rows = options.rows ?? INGEST_TEST_ROWS;
  const runId = newRunId();
  const fileName = `${INGEST_TEST_PREFIX}${runId}.csv`;
  const body = generateCsv(rows);
  try {
    const outcome = await uploadAndWait(
      target,
      fileName,
      body,
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    );
    const item = outcome.item;
    const summaryKey = typeof item.summary_key === 'string' ? item.summary_key : '';
    const folder = resultFolderFor(fileName, target.names.processedPrefix);
    const checks: Check[] = [];
    const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
    check(
      'item status',
      item.status === 'success',
      `status=${String(item.status)}${item.error_code ? ` error_code=${String(item.error_code)}` : ''}`,
    );
    check(
      'item row_count',
      item.row_count === rows,
      `row_count=${String(item.row_count)}, expected ${rows}`,
    );
    check(
      'item column_count',
      item.column_count === 6,
      `column_count=${String(item.column_count)}, expected 6`,
    );
    check(
      'item summary_key',
      summaryKey.startsWith(folder) && summaryKey.endsWith(SUMMARY_SUFFIX),
      `summary_key=${String(item.summary_key)}, expected ${folder}<version>${SUMMARY_SUFFIX}`,
    );
    check(
      'item size_bytes',
      item.size_bytes === Buffer.byteLength(body),
      `size_bytes=${String(item.size_bytes)}`,
    );
    for (const field of ['trigger_delay_ms', 'profile_ms', 'total_ms'] as const) {
      const value = numberOrNull(item[field]);
      check(`item ${field}`, value !== null && value >= 0, `${field}=${String(item[field])}`);
    }
    try {
      const object = await target.s3.send(
        new GetObjectCommand({ Bucket: target.names.bucket, Key: summaryKey }),
      );
      const summary = JSON.parse((await object.Body?.transformToString()) ?? '{}') as Record<
        string,
        unknown
      >;
      const schema = (summary.schema ?? {}) as Record<string, unknown>;
      check(
        'summary row_count',
        summary.row_count === rows,
        `row_count=${String(summary.row_count)}`,
      );
      check(
        'summary schema',
        schema.id === 'int' &&
          schema.amount === 'float' &&
          schema.active === 'boolean' &&
          schema.day === 'date',
        `schema=${JSON.stringify(schema)}`,
      );
    } catch (error) {
      check('summary in processed/', false, `${summaryKey}: ${(error as Error).message}`);
    }
    return {
      target: target.kind,
      runId,
      fileName,
      ok: checks.every((entry) => entry.ok),
      timings: {
        upload_ms: outcome.uploadMs,
        trigger_delay_ms: numberOrNull(item.trigger_delay_ms),
        profile_ms: numberOrNull(item.profile_ms),
        total_ms: numberOrNull(item.total_ms),
        visible_ms: outcome.visibleMs,
        end_to_end_ms: outcome.endToEndMs,
      },
      checks,
    };
  } finally {
    if (!options.keep) await cleanupUploads(target, [fileName]).catch(() => {});
  }
}

const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} ms`);

/** The report `ingest test` prints. */
export function formatIngestTest(result: IngestTestResult): string {
  const lines = [
    `ingest test on ${result.target}: uploads/${result.fileName}`,
    `  upload (PutObject)        ${ms(result.timings.upload_ms)}`,
    `  trigger delay             ${ms(result.timings.trigger_delay_ms)}`,
    `  profile                   ${ms(result.timings.profile_ms)}`,
    `  handler total             ${ms(result.timings.total_ms)}`,
    `  upload-to-visible         ${ms(result.timings.visible_ms)}`,
    `  end to end                ${ms(result.timings.end_to_end_ms)}`,
    ...result.checks.map(
      (check) => `  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`,
    ),
    result.ok ? 'PASS' : 'FAIL',
  ];
  return `${lines.join('\n')}\n`;
}
