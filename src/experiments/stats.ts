import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from './constants.js';

/** Descriptive statistics of a sample (all 0 and count 0 when empty). */
export interface Stats {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p95: number;
  stddev: number;
}

/** A two-sided confidence interval. */
export interface Interval {
  low: number;
  high: number;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Linear-interpolated quantile (`q` in 0..1) of ascending sorted samples; 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (position - lower);
}

/** Median of unsorted samples. */
export function median(samples: readonly number[]): number {
  return quantile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

/** Count, min, max, mean, median, p95 and sample standard deviation, rounded to 0.001. */
export function describe(samples: readonly number[]): Stats {
  const values = samples.filter((value) => Number.isFinite(value));
  if (values.length === 0)
    return { count: 0, min: 0, max: 0, mean: 0, median: 0, p95: 0, stddev: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  const variance =
    sorted.length < 2
      ? 0
      : sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (sorted.length - 1);
  return {
    count: sorted.length,
    min: round(sorted[0] ?? 0),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(mean),
    median: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    stddev: round(Math.sqrt(variance)),
  };
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function resampleMedian(
  values: readonly number[],
  random: () => number,
  scratch: number[],
): number {
  for (let i = 0; i < values.length; i += 1) {
    scratch[i] = values[Math.floor(random() * values.length)] ?? 0;
  }
  scratch.sort((a, b) => a - b);
  return quantile(scratch, 0.5);
}

/** Options of the bootstrap functions. */
export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Percentile-bootstrap confidence interval of the median; undefined for fewer than 2 samples. */
export function bootstrapMedianCi(
  samples: readonly number[],
  options: BootstrapOptions = {},
): Interval | undefined {
  const values = samples.filter((value) => Number.isFinite(value));
  if (values.length < 2) return undefined;
  const { resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED, level = 0.95 } = options;
  const random = seededRandom(seed);
  const scratch = new Array<number>(values.length);
  const medians = Array.from({ length: resamples }, () =>
    resampleMedian(values, random, scratch),
  ).sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { low: round(quantile(medians, tail)), high: round(quantile(medians, 1 - tail)) };
}

/**
 * Percentile-bootstrap interval of median(a) / median(b), resampling both independently;
 * undefined when either has fewer than 2 samples or a resampled median of `b` is 0.
 */
export function bootstrapRatioCi(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): Interval | undefined {
  const x = a.filter((value) => Number.isFinite(value));
  const y = b.filter((value) => Number.isFinite(value));
  if (x.length < 2 || y.length < 2) return undefined;
  const { resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED, level = 0.95 } = options;
  const random = seededRandom(seed);
  const scratchX = new Array<number>(x.length);
  const scratchY = new Array<number>(y.length);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i += 1) {
    const top = resampleMedian(x, random, scratchX);
    const bottom = resampleMedian(y, random, scratchY);
    if (bottom === 0) return undefined;
    ratios.push(top / bottom);
  }
  ratios.sort((p, q) => p - q);
  const tail = (1 - level) / 2;
  return { low: round(quantile(ratios, tail)), high: round(quantile(ratios, 1 - tail)) };
}
