// The TypeScript reference of the kernel's hashes (kernel/assembly/hash.ts), for tests.

/**
 * 53-bit hashes of byte ranges, strings, numbers and rows: one 64-bit lane over 8-byte blocks
 * (`h = rotl(h ^ k * P2, 29) * P1`), finalized by the splitmix64 mixer, of which the top 53 bits
 * are kept. Every result is a non-negative integer below 2^53, exact as a JS number and usable
 * as a Set/Map key. The profiler's WebAssembly kernel computes the same hashes with native
 * 64-bit arithmetic (src/profile/kernel/assembly/hash.ts); this twin works on 32-bit halves.
 */

const TWO_32 = 4294967296;
// The constants' 32-bit halves.
const P1_HI = 0x9e3779b9;
const P1_LO = 0x7f4a7c15;
const P2_HI = 0xbf58476d;
const P2_LO = 0x1ce4e5b9;
const P3_HI = 0x94d049bb;
const P3_LO = 0x133111eb;
const BYTES_SEED_HI = 0x2d358dcc;
const BYTES_SEED_LO = 0xaa6c78a5;
const NUMBER_SEED_HI = 0x8bb84b93;
const NUMBER_SEED_LO = 0x962eacc9;

/** Seed of a row hash: fold each field's hash in with {@link combineHash}. */
export const ROW_HASH_SEED = 0x1b873 * TWO_32 + 0x9e3779b9;

// The 64-bit register of the arithmetic below, as two unsigned 32-bit halves.
let hi = 0;
let lo = 0;

/** (hi, lo) *= (bHi, bLo) modulo 2^64. */
function mul(bHi: number, bLo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const mid = a0 * b1 + a1 * b0; // < 2^33
  const low = a0 * b0 + (mid % 65536) * 65536; // < 2^33
  const carry = low >= TWO_32 ? 1 : 0;
  const high = a1 * b1 + Math.floor(mid / 65536) + carry;
  hi = (high + Math.imul(hi, bLo) + Math.imul(lo, bHi)) >>> 0;
  lo = low >>> 0;
}

/** (hi, lo) ^= (hi, lo) >> n for 0 < n < 32. */
function xorShift(n: number): void {
  lo = (lo ^ ((lo >>> n) | (hi << (32 - n)))) >>> 0;
  hi = (hi ^ (hi >>> n)) >>> 0;
}

/** splitmix64's finalizer on the register. */
function fmix64(): void {
  xorShift(30);
  mul(P2_HI, P2_LO);
  xorShift(27);
  mul(P3_HI, P3_LO);
  xorShift(31);
}

/** One 8-byte block (kHi, kLo) into the register: `h = rotl(h ^ k * P2, 29) * P1`. */
function block(kHi: number, kLo: number): void {
  const hHi = hi;
  const hLo = lo;
  hi = kHi;
  lo = kLo;
  mul(P2_HI, P2_LO);
  const xHi = (hHi ^ hi) >>> 0;
  const xLo = (hLo ^ lo) >>> 0;
  hi = ((xHi << 29) | (xLo >>> 3)) >>> 0;
  lo = ((xLo << 29) | (xHi >>> 3)) >>> 0;
  mul(P1_HI, P1_LO);
}

/** The register's top 53 bits as a number. */
function top53(): number {
  return (hi >>> 11) * TWO_32 + (((hi << 21) | (lo >>> 11)) >>> 0);
}

/** Hashes `buf[start..end)` to a well-distributed non-negative integer below 2^53. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  hashBytesOut(buf, start, end);
  return hashOut[0]!;
}

/**
 * Where {@link hashBytesOut} and {@link hashNumberOut} put their result: hot loops read it from
 * here, because a 53-bit double returned from a function that is not inlined is boxed.
 */
export const hashOut = new Float64Array(1);

/** Little-endian 32-bit word of the `n` (0..4) bytes at `i`. */
function word(buf: Uint8Array, i: number, n: number): number {
  let k = 0;
  for (let j = n - 1; j >= 0; j--) k = k * 256 + buf[i + j]!;
  return k;
}

/** {@link hashBytes} into `hashOut[0]`. */
export function hashBytesOut(buf: Uint8Array, start: number, end: number): void {
  const len = end - start;
  // h = BYTES_SEED ^ len * P1
  hi = 0;
  lo = len >>> 0;
  mul(P1_HI, P1_LO);
  hi = (hi ^ BYTES_SEED_HI) >>> 0;
  lo = (lo ^ BYTES_SEED_LO) >>> 0;
  let i = start;
  const blockEnd = start + (len & ~7);
  for (; i < blockEnd; i += 8) block(word(buf, i + 4, 4), word(buf, i, 4));
  const rest = len & 7;
  if (rest > 4) block(word(buf, i + 4, rest - 4), word(buf, i, 4));
  else if (rest > 0) block(0, word(buf, i, rest));
  fmix64();
  hashOut[0] = top53();
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
  hi = (u32[1]! ^ NUMBER_SEED_HI) >>> 0;
  lo = (u32[0]! ^ NUMBER_SEED_LO) >>> 0;
  fmix64();
  hashOut[0] = top53();
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
  // fmix64(acc * P1 ^ h)
  hi = Math.floor(acc / TWO_32) >>> 0;
  lo = acc >>> 0;
  mul(P1_HI, P1_LO);
  hi = (hi ^ Math.floor(h / TWO_32)) >>> 0;
  lo = (lo ^ h) >>> 0;
  fmix64();
  return top53();
}
