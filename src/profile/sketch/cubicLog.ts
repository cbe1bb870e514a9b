/**
 * Fast approximate log2 for DDSketch bin indexing (the cubically interpolated mapping of the
 * DDSketch reference implementations): for x = 2^e (1 + s), s in [0, 1),
 * approxLog2(x) = e + P(s) with P(s) = A s^3 + B s^2 + C s, P(0) = 0, P(1) = 1, monotone.
 * It reads the exponent and mantissa bits instead of calling Math.log (about 2x faster), and
 * {@link CUBIC_LOG_STRETCH} bounds how much wider a bin becomes in true log space, so the
 * sketch scales its index multiplier to keep the relative-accuracy guarantee.
 * Inspired by DataDog's sketches-go/sketches-java `CubicallyInterpolatedMapping`.
 */

const A = 6 / 35;
const B = -3 / 5;
const C = 10 / 7;
const TWO_32 = 4294967296;
const TWO_52 = 4503599627370496;
/** 2^-52 (exact, so multiplying equals dividing by 2^52). */
const INV_TWO_52 = 1 / TWO_52;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Approximate log2 of a positive normal double (no allocation, no Math.log). */
export function approxLog2(x: number): number {
  f64[0] = x;
  const hi = u32[HI]!;
  const e = ((hi >>> 20) & 0x7ff) - 1023;
  const s = ((hi & 0xfffff) * TWO_32 + u32[LO]!) * INV_TWO_52;
  return ((A * s + B) * s + C) * s + e;
}

/** Newton steps {@link approxExp2} takes at most. */
const NEWTON_STEPS = 60;

/** Inverse of {@link approxLog2}: the x with approxLog2(x) = y (Newton on the cubic). */
export function approxExp2(y: number): number {
  const e = Math.floor(y);
  const t = y - e;
  let s = t;
  let before = Number.NaN;
  for (let k = 0; k < NEWTON_STEPS; k++) {
    const f = ((A * s + B) * s + C) * s - t;
    const d = (3 * A * s + 2 * B) * s + C;
    const next = Math.min(1, Math.max(0, s - f / d));
    if (Math.abs(next - s) <= 1e-17) {
      s = next;
      break;
    }
    if (next === before) {
      // Step k + 1 is back at step k - 1: the steps now alternate between `before` and `s`
      // (apart by more than the tolerance, so never stopping), and the last one is known.
      if (k % 2 === 1) s = next;
      break;
    }
    before = s;
    s = next;
  }
  return powerOfTwo(e) * (1 + s);
}

/** 2^e for an integer e, built from its bits when normal (exactly `2 ** e`, which is slower). */
function powerOfTwo(e: number): number {
  if (!(e >= -1022 && e <= 1023)) return 2 ** e;
  u32[HI] = (e + 1023) << 20;
  u32[LO] = 0;
  return f64[0]!;
}

/**
 * max over s in [0, 1] of d(ln x) / d(approxLog2 x) = 1 / ((1 + s) P'(s)), reached at s = 0
 * (1 / C = 0.7; it falls to 35/52 at s = 1): a bin of width w in approxLog2 space spans at
 * most 0.7 w in natural-log space, against ln 2 = 0.693 w for the exact log2 (1% more bins).
 */
export const CUBIC_LOG_STRETCH = 1 / C;

/** Indices a {@link BinBounds} memoizes: [-2^17, 2^17), every double's bin at any usual alpha. */
const MEMO_OFFSET = 1 << 17;
const MEMO_PAGE_BITS = 10;
const MEMO_PAGES = (2 * MEMO_OFFSET) >> MEMO_PAGE_BITS;
/** Multipliers memoized per process (a few alphas); sketches of others compute every bound. */
const MEMO_MULTIPLIERS = 4;
const memos = new Map<number, BinBounds>();

/**
 * `approxExp2(index / multiplier)` (the lower bound of a DDSketch bin) for integer indices,
 * each computed once per process: pages of 1024 bounds are made on first use (at most 2 MB
 * per multiplier), so the summaries of later files mostly read bounds already known.
 */
export class BinBounds {
  readonly multiplier: number;
  readonly #pages: (Float64Array | undefined)[] = new Array(MEMO_PAGES).fill(undefined);

  private constructor(multiplier: number) {
    this.multiplier = multiplier;
  }

  /** The process-wide bounds of `multiplier`, or null once enough multipliers are memoized. */
  static of(multiplier: number): BinBounds | null {
    let memo = memos.get(multiplier);
    if (memo === undefined) {
      if (memos.size >= MEMO_MULTIPLIERS) return null;
      memo = new BinBounds(multiplier);
      memos.set(multiplier, memo);
    }
    return memo;
  }

  /** `approxExp2(index / multiplier)`, bit for bit. */
  lower(index: number): number {
    const k = index + MEMO_OFFSET;
    if ((index | 0) !== index || k < 0 || k >= 2 * MEMO_OFFSET) {
      return approxExp2(index / this.multiplier);
    }
    const p = k >> MEMO_PAGE_BITS;
    let page = this.#pages[p];
    if (page === undefined) {
      page = new Float64Array(1 << MEMO_PAGE_BITS).fill(Number.NaN);
      this.#pages[p] = page;
    }
    const j = k & ((1 << MEMO_PAGE_BITS) - 1);
    const known = page[j]!;
    if (!Number.isNaN(known)) return known;
    const bound = approxExp2(index / this.multiplier);
    page[j] = bound;
    return bound;
  }
}
