// AssemblyScript port of src/profile/sketch/hash.ts: the same 53-bit hashes, bit for bit (the
// differential test in test/profile/kernel.test.ts holds them equal).

const C1: u32 = 0xcc9e2d51;
const C2: u32 = 0x1b873593;
const C3: u32 = 0x38b34ae5;
const C4: u32 = 0xa1e38b93;
const SEED1: u32 = 0x9747b28c;
const SEED2: u32 = 0x5bd1e995;

/** Seed of a row hash (`ROW_HASH_SEED` in hash.ts). */
export const ROW_HASH_SEED: f64 = <f64>0x1b873 * 4294967296.0 + <f64>0x9e3779b9;

// @ts-expect-error: decorator
@inline
function fmix32(h: u32): u32 {
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  h *= 0xc2b2ae35;
  return h ^ (h >>> 16);
}

/** Cross-mixes and finalizes two 32-bit lanes into a hash below 2^53. */
// @ts-expect-error: decorator
@inline
function finish(h1: u32, h2: u32): f64 {
  h1 = h1 + h2;
  h2 = h2 + h1;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = h1 + h2;
  h2 = h2 + h1;
  return <f64>((<u64>(h1 >>> 11) << 32) | <u64>h2);
}

/** `hashBytes` of the `len` bytes at `ptr`. */
export function hashBytes(ptr: usize, len: i32): f64 {
  let h1 = SEED1;
  let h2 = SEED2;
  const blockEnd = ptr + <usize>(len & ~3);
  let i = ptr;
  while (i < blockEnd) {
    const k = load<u32>(i);
    let k1 = k * C1;
    k1 = rotl<u32>(k1, 15) * C2;
    h1 ^= k1;
    h1 = rotl<u32>(h1, 13);
    h1 = h1 * 5 + 0xe6546b64;
    h2 = (h2 ^ k) * C3;
    i += 4;
  }
  const rest = <u32>(len & 3);
  if (rest > 0) {
    let k: u32 = load<u8>(i);
    if (rest > 1) k |= <u32>load<u8>(i + 1) << 8;
    if (rest > 2) k |= <u32>load<u8>(i + 2) << 16;
    const k1 = k * C1;
    h1 ^= rotl<u32>(k1, 15) * C2;
    h2 = (h2 ^ k ^ (rest << 24)) * C4;
  }
  return finish(h1 ^ <u32>len, h2 ^ <u32>len);
}

/** `hashNumber`: by value, -0 as 0. */
export function hashNumber(x: f64): f64 {
  const bits = reinterpret<u64>(x == 0 ? 0.0 : x);
  return finish(<u32>bits ^ 0x7f4a7c15, <u32>(bits >>> 32) ^ 0x94d049bb);
}

/** `combineHash`: folds field hash `h` into row hash `acc` (both integers below 2^53). */
export function combineHash(acc: f64, h: f64): f64 {
  const a = <u64>acc;
  const b = <u64>h;
  let h1 = <u32>a;
  let h2 = <u32>(a >>> 32) ^ SEED2;
  const lo = <u32>b;
  const hi = <u32>(b >>> 32);
  let k1 = lo * C1;
  k1 = rotl<u32>(k1, 15) * C2;
  h1 ^= k1;
  h1 = rotl<u32>(h1, 13);
  h1 = h1 * 5 + 0xe6546b64;
  let k2 = hi * C3;
  k2 = rotl<u32>(k2, 16) * C4;
  h2 ^= k2;
  h2 = rotl<u32>(h2, 17);
  h2 = h2 * 5 + 0x0bcaa747;
  return finish(h1, h2);
}
