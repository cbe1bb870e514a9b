import { generateCsv } from '../csv.js';
import { describe, median } from '../stats.js';
import { itemNumber, round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** C: forced cold starts against warm invocations: Init Duration and first-invocation latency. */
export async function experimentC(ctx: SuiteContext): Promise<ExperimentOutput> {
  const { coldRounds, warmPerRound } = ctx.params;
  const body = generateCsv(100);
  const step = ctx.progress.step('C cold vs warm', coldRounds * (1 + warmPerRound));
  const since = Date.now();
  const samples: Array<Record<string, unknown>> = [];
  for (let round = 1; round <= coldRounds; round += 1) {
    await ctx.target.forceColdStart();
    for (let i = 0; i <= warmPerRound; i += 1) {
      const kind = i === 0 ? 'cold' : 'warm';
      const fileName = ctx.fileName('C', `r${round}-${i}-${kind}.csv`);
      const outcome = await ctx.upload(fileName, body);
      const requestId =
        typeof outcome.item.request_id === 'string' ? outcome.item.request_id : null;
      // The item is visible before the handler returns (it still writes the summary to S3): wait
      // for the invocation to end, or the next upload finds the instance busy and starts a new,
      // cold one where a warm one is measured.
      if (requestId !== null) await ctx.target.waitForReports(since, [requestId]);
      samples.push({
        round,
        kind,
        file_name: fileName,
        request_id: requestId,
        visible_ms: round3(outcome.visibleMs),
        total_ms: itemNumber(outcome.item, 'total_ms'),
        duration_ms: null,
        init_duration_ms: null,
      });
      step.tick(kind);
    }
  }
  step.done();
  const ids = samples.map((sample) => sample.request_id).filter((id): id is string => !!id);
  const reports = await ctx.target.waitForReports(since, ids);
  const byId = new Map(reports.map((report) => [report.requestId, report]));
  for (const sample of samples) {
    const report = byId.get(String(sample.request_id));
    if (!report) continue;
    sample.duration_ms = round3(report.durationMs);
    sample.init_duration_ms = report.initDurationMs === null ? null : round3(report.initDurationMs);
  }
  const pick = (kind: string, field: string) =>
    samples
      .filter((sample) => sample.kind === kind)
      .map((sample) => sample[field])
      .filter((value): value is number => typeof value === 'number');
  const coldVisible = pick('cold', 'visible_ms');
  const warmVisible = pick('warm', 'visible_ms');
  const warmMedian = median(warmVisible);
  const coldWithInit = samples.filter(
    (sample) => sample.kind === 'cold' && typeof sample.init_duration_ms === 'number',
  ).length;
  return {
    samples,
    summary: {
      cold_visible_ms: describe(coldVisible),
      warm_visible_ms: describe(warmVisible),
      cold_duration_ms: describe(pick('cold', 'duration_ms')),
      warm_duration_ms: describe(pick('warm', 'duration_ms')),
      init_duration_ms: describe(pick('cold', 'init_duration_ms')),
      cold_to_warm_ratio: warmMedian > 0 ? round3(median(coldVisible) / warmMedian) : null,
      cold_starts_observed: coldWithInit,
    },
    notes: [
      ctx.target.kind === 'local'
        ? 'cold start forced by restarting the processor runtime (new worker threads)'
        : 'cold start forced by UpdateFunctionConfiguration (a changed environment variable)',
    ],
  };
}
