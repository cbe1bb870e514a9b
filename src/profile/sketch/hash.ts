/**
 * 53-bit hashes of byte ranges, strings and rows: two murmur3-style 32-bit lanes over the same
 * 4-byte blocks, cross-mixed and finalized, combined as `hi21 * 2^32 + lo32`. Every result is a
 * non-negative integer below 2^53, so it is exact as a JS number and usable as a Set/Map key.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const SEED1 = 0x9747b28c;
const SEED2 = 0x5bd1e995;
const TWO_32 = 4294967296;
/** 2^-32: multiplying by it is exact, like dividing by 2^32, and cheaper. */
const INV_TWO_32 = 1 / TWO_32;

/** Seed of a row hash: fold each field's hash in with {@link combineHash}. */
export const ROW_HASH_SEED = 0x1b873 * TWO_32 + 0x9e3779b9;

/** murmur3 32-bit finalizer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Hashes `buf[start..end)` to a well-distributed non-negative integer below 2^53. One
 * murmur3 lane plus a cheap multiplicative second lane per 4-byte block (the hot loop runs
 * once per CSV cell); both lanes are cross-mixed and finalized, so every output bit depends
 * on every input bit.
 */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  hashBytesOut(buf, start, end);
  return hashOut[0]!;
}

/**
 * Where {@link hashBytesOut} and {@link hashNumberOut} put their result: hot loops read it from
 * here, because a 53-bit double returned from a function that is not inlined is boxed.
 */
export const hashOut = new Float64Array(1);

/** {@link hashBytes} into `hashOut[0]`. */
export function hashBytesOut(buf: Uint8Array, start: number, end: number): void {
  let h1 = SEED1;
  let h2 = SEED2;
  const len = end - start;
  const blockEnd = start + (len & ~3);
  let i = start;
  while (i < blockEnd) {
    const k = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    let k1 = Math.imul(k, C1);
    k1 = Math.imul((k1 << 15) | (k1 >>> 17), C2);
    h1 ^= k1;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ k, C3);
    i += 4;
  }
  const rest = end - i;
  if (rest > 0) {
    let k = buf[i]!;
    if (rest > 1) k |= buf[i + 1]! << 8;
    if (rest > 2) k |= buf[i + 2]! << 16;
    const k1 = Math.imul(k, C1);
    h1 ^= Math.imul((k1 << 15) | (k1 >>> 17), C2);
    h2 = Math.imul(h2 ^ k ^ (rest << 24), C4);
  }
  hashOut[0] = finish(h1 ^ len, h2 ^ len);
}

/** Cross-mixes and finalizes two 32-bit lanes into a hash below 2^53. */
function finish(h1: number, h2: number): number {
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  return (h1 >>> 11) * TWO_32 + (h2 >>> 0);
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * Hashes a number by value (so `1.50` and `1.5` are one value); -0 hashes as 0. Never equal
 * to {@link hashBytes} of the same text by design: typed and text values live apart.
 */
export function hashNumber(x: number): number {
  hashNumberOut(x);
  return hashOut[0]!;
}

/** {@link hashNumber} into `hashOut[0]`. */
export function hashNumberOut(x: number): void {
  f64[0] = x === 0 ? 0 : x;
  hashOut[0] = finish(u32[0]! ^ 0x7f4a7c15, u32[1]! ^ 0x94d049bb);
}

let scratch = new Uint8Array(256);

/** Hashes the UTF-8 bytes of `s` (lone surrogates as U+FFFD, like TextEncoder); equals hashBytes. */
export function hashString(s: string): number {
  const n = s.length;
  if (n * 3 > scratch.length) scratch = new Uint8Array(Math.max(n * 3, scratch.length * 2));
  const out = scratch;
  let o = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >>> 6);
      out[o++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[o++] = 0xf0 | (c >>> 18);
          out[o++] = 0x80 | ((c >>> 12) & 63);
          out[o++] = 0x80 | ((c >>> 6) & 63);
          out[o++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[o++] = 0xe0 | (c >>> 12);
      out[o++] = 0x80 | ((c >>> 6) & 63);
      out[o++] = 0x80 | (c & 63);
    }
  }
  return hashBytes(out, 0, o);
}

/**
 * Folds a field hash `h` into a running row hash `acc` (start from {@link ROW_HASH_SEED}).
 * Order-sensitive and well mixed; the result is again a non-negative integer below 2^53.
 */
export function combineHash(acc: number, h: number): number {
  let h1 = acc >>> 0;
  let h2 = ((acc * INV_TWO_32) >>> 0) ^ SEED2;
  const lo = h >>> 0;
  const hi = (h * INV_TWO_32) >>> 0;
  let k1 = Math.imul(lo, C1);
  k1 = Math.imul((k1 << 15) | (k1 >>> 17), C2);
  h1 ^= k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  let k2 = Math.imul(hi, C3);
  k2 = Math.imul((k2 << 16) | (k2 >>> 16), C4);
  h2 ^= k2;
  h2 = (h2 << 17) | (h2 >>> 15);
  h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  return (h1 >>> 11) * TWO_32 + (h2 >>> 0);
}
