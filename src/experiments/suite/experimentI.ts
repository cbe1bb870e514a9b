import { generateCsv } from '../csv.js';
import { median } from '../stats.js';
import { itemNumber, round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/**
 * FANOUT_MIN_BYTES while the experiment runs: far below its upload, so the piece count is what
 * FANOUT_MAX_PIECES allows (src/pipeline/fanout/startFanout.ts `fanoutPieces`).
 */
const SPLIT_FROM_BYTES = 4_096;

/**
 * I: fan-out scaling. One large upload, profiled in 1 (one invocation), 2, 4, ... pieces
 * (FANOUT_MAX_PIECES set per level, a configuration update that also retires the execution
 * environments, so every level starts cold): upload-to-item time, the item's `total_ms` (the
 * S3 event's invocation start to the last piece's write) and MB/s, per piece count. The
 * function's settings are put back afterwards.
 */
export async function experimentI(ctx: SuiteContext): Promise<ExperimentOutput> {
  const { fanoutRows, fanoutPieces, fanoutRuns } = ctx.params;
  const body = generateCsv(fanoutRows);
  const bytes = Buffer.byteLength(body);
  const step = ctx.progress.step('I fan-out scaling', fanoutPieces.length * fanoutRuns);
  const samples: Array<Record<string, unknown>> = [];
  try {
    for (const pieces of fanoutPieces) {
      await ctx.target.setFanout({ minBytes: SPLIT_FROM_BYTES, maxPieces: pieces });
      for (let run = 1; run <= fanoutRuns; run += 1) {
        const fileName = ctx.fileName('I', `p${pieces}-r${run}.csv`);
        const outcome = await ctx.upload(fileName, body);
        const split = itemNumber(outcome.item, 'pieces') ?? 1;
        samples.push({
          pieces,
          run,
          bytes,
          rows: fanoutRows,
          ok:
            outcome.item.status === 'success' &&
            outcome.item.row_count === fanoutRows &&
            split === pieces,
          split_pieces: split,
          visible_ms: round3(outcome.visibleMs),
          total_ms: itemNumber(outcome.item, 'total_ms'),
          mb_per_s: round3(bytes / 1_048_576 / (Math.max(outcome.visibleMs, 1) / 1000)),
        });
        step.tick(`${pieces} piece(s)`);
      }
    }
  } finally {
    await ctx.target.setFanout(null);
  }
  step.done();
  const medianOf = (pieces: number): number | null => {
    const times = samples.filter((s) => s.pieces === pieces).map((s) => s.visible_ms as number);
    return times.length === 0 ? null : median(times);
  };
  const one = medianOf(1);
  const levels = fanoutPieces.map((pieces) => {
    const ms = medianOf(pieces);
    return {
      pieces,
      visible_ms_median: ms === null ? null : round3(ms),
      speedup: one !== null && ms !== null && ms > 0 ? round3(one / ms) : null,
    };
  });
  const best = levels.reduce(
    (a, b) => ((b.visible_ms_median ?? Infinity) < (a.visible_ms_median ?? Infinity) ? b : a),
    levels[0]!,
  );
  return {
    samples,
    summary: {
      bytes,
      rows: fanoutRows,
      all_ok: samples.every((s) => s.ok),
      levels,
      fastest_pieces: best.pieces,
      best_speedup: best.speedup,
    },
    notes: [
      `${fanoutRows} rows (${(bytes / 1_048_576).toFixed(1)} MiB); FANOUT_MIN_BYTES ${SPLIT_FROM_BYTES} and FANOUT_MAX_PIECES set per level, then restored`,
      'visible_ms: upload to the item; total_ms: the S3 event invocation start to the last write',
    ],
  };
}
