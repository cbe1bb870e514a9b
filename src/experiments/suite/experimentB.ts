import { generateCsv } from '../csv.js';
import { describe } from '../stats.js';
import { itemNumber, round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** Fields of a B sample that hold timings. */
export const E2E_FIELDS = [
  'upload_ms',
  'trigger_delay_ms',
  'profile_ms',
  'total_ms',
  'visible_ms',
  'end_to_end_ms',
] as const;

/** B: repeated 1,000-row uploads, one at a time: stage timings and upload-to-visible latency. */
export async function experimentB(ctx: SuiteContext): Promise<ExperimentOutput> {
  const runs = ctx.params.e2eRuns;
  const body = generateCsv(ctx.params.e2eRows);
  const step = ctx.progress.step('B end-to-end timing', runs);
  const samples: Array<Record<string, unknown>> = [];
  for (let run = 1; run <= runs; run += 1) {
    const fileName = ctx.fileName('B', `${String(run).padStart(3, '0')}.csv`);
    try {
      const outcome = await ctx.upload(fileName, body);
      const item = outcome.item;
      samples.push({
        run,
        file_name: fileName,
        ok: item.status === 'success' && item.row_count === ctx.params.e2eRows,
        status: String(item.status),
        upload_ms: round3(outcome.uploadMs),
        trigger_delay_ms: itemNumber(item, 'trigger_delay_ms'),
        profile_ms: itemNumber(item, 'profile_ms'),
        total_ms: itemNumber(item, 'total_ms'),
        visible_ms: round3(outcome.visibleMs),
        end_to_end_ms: round3(outcome.endToEndMs),
        reads: outcome.reads,
        error: null,
      });
    } catch (error) {
      samples.push({
        run,
        file_name: fileName,
        ok: false,
        status: 'timeout',
        upload_ms: null,
        trigger_delay_ms: null,
        profile_ms: null,
        total_ms: null,
        visible_ms: null,
        end_to_end_ms: null,
        reads: 0,
        error: (error as Error).message,
      });
    }
    step.tick();
  }
  step.done();
  const ok = samples.filter((sample) => sample.ok);
  const summary: Record<string, unknown> = {
    runs,
    rows: ctx.params.e2eRows,
    success_rate: runs === 0 ? 0 : ok.length / runs,
  };
  for (const field of E2E_FIELDS) {
    summary[field] = describe(
      ok
        .map((sample) => sample[field])
        .filter((value): value is number => typeof value === 'number'),
    );
  }
  return {
    samples,
    summary,
    notes: [
      'visible_ms: from the PutObject response to the first GetItem returning the item (polling every 5 ms doubling to 50 ms)',
    ],
  };
}
