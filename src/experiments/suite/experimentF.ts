import { generateCsv } from '../csv.js';
import { itemNumber, round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** F: file-size scaling: processing time, rows/s, MB/s and memory per size. */
export async function experimentF(ctx: SuiteContext): Promise<ExperimentOutput> {
  const sizes = ctx.params.fileSizes;
  const step = ctx.progress.step('F file-size scaling', sizes.length);
  const since = Date.now();
  const samples: Array<Record<string, unknown>> = [];
  for (const rows of sizes) {
    const fileName = ctx.fileName('F', `${rows}.csv`);
    const outcome = await ctx.upload(fileName, generateCsv(rows));
    const profileMs = itemNumber(outcome.item, 'profile_ms');
    const seconds = profileMs === null ? null : Math.max(profileMs, 1) / 1000;
    samples.push({
      rows,
      bytes: outcome.bytes,
      ok: outcome.item.status === 'success' && outcome.item.row_count === rows,
      request_id: typeof outcome.item.request_id === 'string' ? outcome.item.request_id : null,
      profile_ms: profileMs,
      total_ms: itemNumber(outcome.item, 'total_ms'),
      visible_ms: round3(outcome.visibleMs),
      rows_per_s: seconds === null ? null : round3(rows / seconds),
      mb_per_s: seconds === null ? null : round3(outcome.bytes / 1_048_576 / seconds),
      max_memory_mb: null,
    });
    step.tick(`${rows} rows`);
  }
  step.done();
  const ids = samples.map((sample) => sample.request_id).filter((id): id is string => !!id);
  const reports = await ctx.target.waitForReports(since, ids);
  const memory = new Map(reports.map((report) => [report.requestId, report.maxMemoryUsedMb]));
  for (const sample of samples)
    sample.max_memory_mb = memory.get(String(sample.request_id)) ?? null;
  const largest = samples[samples.length - 1];
  return {
    samples,
    summary: {
      sizes: sizes.length,
      all_ok: samples.every((sample) => sample.ok),
      largest_rows: largest?.rows ?? 0,
      largest_rows_per_s: largest?.rows_per_s ?? null,
      largest_mb_per_s: largest?.mb_per_s ?? null,
      max_memory_mb: Math.max(0, ...samples.map((sample) => Number(sample.max_memory_mb ?? 0))),
    },
    notes: [
      'rows/s and MB/s from the item profile_ms; memory from the REPORT line (Max Memory Used)',
    ],
  };
}
