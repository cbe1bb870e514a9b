// The profiler's 53-bit hashes (test/oracles/hash.ts is the TypeScript reference, bit for bit:
// the differential test in test/profile/kernel/classifyCells.property.test.ts holds them equal).
// One 64-bit lane over 8-byte blocks, finalized by the splitmix64 mixer, top 53 bits kept.

const P1: u64 = 0x9e3779b97f4a7c15;
const P2: u64 = 0xbf58476d1ce4e5b9;
const P3: u64 = 0x94d049bb133111eb;
const BYTES_SEED: u64 = 0x2d358dccaa6c78a5;
const NUMBER_SEED: u64 = 0x8bb84b93962eacc9;

/** Seed of a row hash: each field's hash is folded in with {@link combineHash}. */
export const ROW_HASH_SEED: f64 = <f64>0x1b873 * 4294967296.0 + <f64>0x9e3779b9;

/** {@link ROW_HASH_SEED}, for the row hashes JavaScript starts a batch with. */
export function rowHashSeed(): f64 {
  return ROW_HASH_SEED;
}

// @ts-expect-error: decorator
@inline
function fmix64(x: u64): u64 {
  x = (x ^ (x >> 30)) * P2;
  x = (x ^ (x >> 27)) * P3;
  return x ^ (x >> 31);
}

// @ts-expect-error: decorator
@inline
function block(h: u64, k: u64): u64 {
  return rotl<u64>(h ^ (k * P2), 29) * P1;
}

/** `hashBytes` of the `len` bytes at `ptr`. */
export function hashBytes(ptr: usize, len: i32): f64 {
  let h = BYTES_SEED ^ (<u64>len * P1);
  const blockEnd = ptr + <usize>(len & ~7);
  let i = ptr;
  while (i < blockEnd) {
    h = block(h, load<u64>(i));
    i += 8;
  }
  const rest = len & 7;
  if (rest != 0) {
    // The last 1..7 bytes, little-endian, without reading past them.
    let k: u64 = 0;
    let shift: u64 = 0;
    if ((rest & 4) != 0) {
      k = <u64>load<u32>(i);
      shift = 32;
      i += 4;
    }
    if ((rest & 2) != 0) {
      k |= <u64>load<u16>(i) << shift;
      shift += 16;
      i += 2;
    }
    if ((rest & 1) != 0) k |= <u64>load<u8>(i) << shift;
    h = block(h, k);
  }
  return <f64>(fmix64(h) >> 11);
}

/** `hashNumber`: by value, -0 as 0. */
export function hashNumber(x: f64): f64 {
  return <f64>(fmix64(reinterpret<u64>(x == 0 ? 0.0 : x) ^ NUMBER_SEED) >> 11);
}

/** `combineHash`: folds field hash `h` into row hash `acc` (both integers below 2^53). */
export function combineHash(acc: f64, h: f64): f64 {
  return <f64>(fmix64((<u64>acc * P1) ^ <u64>h) >> 11);
}
