import { generateCsv } from '../csv.js';
import { describe } from '../stats.js';
import { round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** G: N concurrent uploads per level: upload and processing throughput, throttles, latencies. */
export async function experimentG(ctx: SuiteContext): Promise<ExperimentOutput> {
  const levels = ctx.params.parallelLevels;
  const body = generateCsv(1_000);
  const step = ctx.progress.step('G parallel scaling', levels.length);
  const samples: Array<Record<string, unknown>> = [];
  for (const level of levels) {
    const throttlesBefore = await ctx.target.throttleCount();
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: level }, (_, i) =>
        ctx.upload(ctx.fileName('G', `n${level}-${String(i).padStart(3, '0')}.csv`), body),
      ),
    );
    const done = outcomes.flatMap((outcome) =>
      outcome.status === 'fulfilled' ? [outcome.value] : [],
    );
    const uploadWall = Math.max(0, ...done.map((outcome) => outcome.uploadMs));
    const completeWall = performance.now() - started;
    const throttlesAfter = await ctx.target.throttleCount();
    const latencies = done.map((outcome) => round3(outcome.endToEndMs)).sort((a, b) => a - b);
    samples.push({
      concurrency: level,
      files: level,
      ok: done.filter((outcome) => outcome.item.status === 'success').length,
      upload_wall_ms: round3(uploadWall),
      complete_wall_ms: round3(completeWall),
      upload_files_per_s: uploadWall > 0 ? round3((done.length / uploadWall) * 1000) : null,
      processed_files_per_s: round3((done.length / completeWall) * 1000),
      throttles:
        throttlesBefore === null || throttlesAfter === null
          ? null
          : throttlesAfter - throttlesBefore,
      latency: describe(latencies),
      latencies_ms: latencies,
    });
    step.tick(`${level} parallel`);
  }
  step.done();
  const best = samples.reduce(
    (top, sample) => Math.max(top, Number(sample.processed_files_per_s ?? 0)),
    0,
  );
  return {
    samples,
    summary: {
      levels: levels.length,
      peak_processed_files_per_s: best,
      all_ok: samples.every((sample) => sample.ok === sample.files),
      throttles: samples.reduce((sum, sample) => sum + Number(sample.throttles ?? 0), 0),
    },
    notes: [
      'latencies: per file from its upload start to its item; throughput over the wall time of each level',
      ctx.target.kind === 'local'
        ? 'throttles: attempts queued beyond the local concurrency limit'
        : 'throttles: see ingest metrics (CloudWatch Throttles lags by minutes)',
    ],
  };
}
