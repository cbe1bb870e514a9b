/** Distribution summary of a list of samples (milliseconds unless noted). */
export interface Distribution {
  count: number;
  avg: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples (`q` in 0..1). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Count, average, p50, p95 and max of the samples (all 0 when empty). */
export function summarize(samples: readonly number[]): Distribution {
  if (samples.length === 0) return { count: 0, avg: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    avg: round(sum / sorted.length),
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
}
