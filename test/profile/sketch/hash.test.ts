import { describe, expect, it } from 'vitest';
import { combineHash, hashBytes, hashString, ROW_HASH_SEED } from '../../oracles/index.js';

const TWO_53 = 2 ** 53;

function chiSquare(values: Float64Array, bucketOf: (h: number) => number, buckets: number): number {
  const counts = new Float64Array(buckets);
  for (let i = 0; i < values.length; i++) counts[bucketOf(values[i]!)]!++;
  const expected = values.length / buckets;
  let chi = 0;
  for (let b = 0; b < buckets; b++) chi += (counts[b]! - expected) ** 2 / expected;
  return chi;
}

describe('hashBytes', () => {
  it('returns the same hash for equal bytes at different offsets', () => {
    // Prepare
    const a = new TextEncoder().encode('xxhello world');
    const b = new TextEncoder().encode('hello world!!');
    // Act
    const ha = hashBytes(a, 2, a.length);
    const hb = hashBytes(b, 0, 11);
    // Assess
    expect(ha).toBe(hb);
    expect(hashBytes(a, 2, 3)).not.toBe(hashBytes(a, 2, 4));
  });

  it('returns a non-negative integer below 2^53 for every length 0..64', () => {
    // Prepare
    const buf = new Uint8Array(64).map((_, i) => (i * 37) & 255);
    const seen = new Set<number>();
    // Act
    for (let len = 0; len <= 64; len++) seen.add(hashBytes(buf, 0, len));
    // Assess
    expect(seen.size).toBe(65);
    for (const h of seen) {
      expect(Number.isSafeInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(TWO_53);
    }
  });

  it('returns no collisions among 1e6 distinct 4-byte integers', () => {
    // Prepare
    const buf = new Uint8Array(4);
    const view = new DataView(buf.buffer);
    const seen = new Set<number>();
    // Act
    for (let i = 0; i < 1_000_000; i++) {
      view.setUint32(0, i, true);
      seen.add(hashBytes(buf, 0, 4));
    }
    // Assess
    expect(seen.size).toBe(1_000_000);
  });

  it('returns changed output bits for about half of the bits when one input bit flips', () => {
    // Prepare
    const buf = new Uint8Array(8);
    let flips = 0;
    let trials = 0;
    // Act
    for (let i = 0; i < 2000; i++) {
      new DataView(buf.buffer).setUint32(0, i * 2654435761, true);
      const base = hashBytes(buf, 0, 8);
      const bit = i % 64;
      buf[bit >> 3]! ^= 1 << (bit & 7);
      const flipped = hashBytes(buf, 0, 8);
      buf[bit >> 3]! ^= 1 << (bit & 7);
      const lo = ((base >>> 0) ^ (flipped >>> 0)) >>> 0;
      const hi = (Math.floor(base / 2 ** 32) ^ Math.floor(flipped / 2 ** 32)) >>> 0;
      flips += popcount(lo) + popcount(hi);
      trials++;
    }
    // Assess
    const mean = flips / trials;
    expect(mean).toBeGreaterThan(25.5);
    expect(mean).toBeLessThan(27.5);
  });
});

function popcount(x: number): number {
  let c = 0;
  while (x !== 0) {
    x &= x - 1;
    c++;
  }
  return c;
}

describe('hashString', () => {
  it('returns hashBytes of the UTF-8 bytes', () => {
    // Prepare
    const samples = [
      '',
      'a',
      'abc',
      'abcd',
      'héllo',
      '日本語テキスト',
      '😀 emoji',
      'x'.repeat(1000),
    ];
    const encoder = new TextEncoder();
    // Act & Assess
    for (const s of samples) {
      const bytes = encoder.encode(s);
      expect(hashString(s)).toBe(hashBytes(bytes, 0, bytes.length));
    }
  });

  it('returns no collisions among 1e6 distinct small strings and uniform buckets', () => {
    // Prepare
    const n = 1_000_000;
    const hashes = new Float64Array(n);
    // Act
    for (let i = 0; i < n; i++) hashes[i] = hashString(String(i));
    const distinct = new Set(hashes).size;
    const chiLow = chiSquare(hashes, (h) => h % 1024, 1024);
    const chiHigh = chiSquare(hashes, (h) => Math.floor(h / 2 ** 43), 1024);
    const chiMid = chiSquare(hashes, (h) => Math.floor(h / 2 ** 27) % 1024, 1024);
    // Assess: 1023 degrees of freedom, sd about 45; 1300 is about 6 sd out.
    expect(distinct).toBe(n);
    expect(chiLow).toBeLessThan(1300);
    expect(chiHigh).toBeLessThan(1300);
    expect(chiMid).toBeLessThan(1300);
  });
});

describe('combineHash', () => {
  it('returns different row hashes when fields swap order', () => {
    // Prepare
    const a = hashString('a');
    const b = hashString('b');
    // Act
    const ab = combineHash(combineHash(ROW_HASH_SEED, a), b);
    const ba = combineHash(combineHash(ROW_HASH_SEED, b), a);
    // Assess
    expect(ab).not.toBe(ba);
    expect(combineHash(combineHash(ROW_HASH_SEED, a), b)).toBe(ab);
  });

  it('returns different row hashes for ("a","bc") and ("ab","c") and for trailing empties', () => {
    // Prepare
    const row = (fields: string[]): number =>
      fields.reduce((acc, f) => combineHash(acc, hashString(f)), ROW_HASH_SEED);
    // Act
    const hashes = [row(['a', 'bc']), row(['ab', 'c']), row(['abc']), row(['a']), row(['a', ''])];
    // Assess
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('returns distinct, uniformly spread hashes below 2^53 for 1e5 integer rows', () => {
    // Prepare
    const n = 100_000;
    const hashes = new Float64Array(n);
    // Act
    for (let i = 0; i < n; i++) {
      const acc = combineHash(ROW_HASH_SEED, hashString(String(i % 317)));
      hashes[i] = combineHash(acc, hashString(String(Math.floor(i / 317))));
    }
    // Assess
    expect(new Set(hashes).size).toBe(n);
    for (const h of hashes) expect(h < TWO_53 && h >= 0 && Number.isInteger(h)).toBe(true);
    expect(chiSquare(hashes, (h) => h % 256, 256)).toBeLessThan(400);
    expect(chiSquare(hashes, (h) => Math.floor(h / 2 ** 45), 256)).toBeLessThan(400);
  });
});
