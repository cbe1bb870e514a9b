import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeHashList,
  encodeHashList,
  SketchJsonError,
} from '../../../src/profile/sketch/index.js';
import { combineHash, hashBytes, hashString, ROW_HASH_SEED } from '../../oracles/index.js';

const encoder = new TextEncoder();
const hash53 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

describe('hash (properties)', () => {
  it('returns hashBytes of the TextEncoder bytes for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        // Prepare
        const bytes = encoder.encode(s);
        // Act
        const h = hashString(s);
        // Assess
        expect(h).toBe(hashBytes(bytes, 0, bytes.length));
        expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the hash of a sub-range equal to the hash of its copy', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (buf, x, y) => {
        // Prepare
        const start = buf.length === 0 ? 0 : x % (buf.length + 1);
        const end = start + (y % (buf.length - start + 1));
        // Act
        const h = hashBytes(buf, start, end);
        // Assess
        expect(h).toBe(hashBytes(buf.slice(start, end), 0, end - start));
      }),
    );
  });

  it('returns combined hashes below 2^53 that depend on the order', () => {
    fc.assert(
      fc.property(hash53, hash53, hash53, (acc, a, b) => {
        // Act
        const ab = combineHash(combineHash(acc, a), b);
        const ba = combineHash(combineHash(acc, b), a);
        // Assess
        expect(Number.isSafeInteger(ab) && ab >= 0).toBe(true);
        if (a !== b) expect(ab).not.toBe(ba);
        expect(combineHash(ROW_HASH_SEED, a)).toBe(combineHash(ROW_HASH_SEED, a));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodings (properties)', () => {
  it('returns the sorted hashes back from a hash list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(hash53, { maxLength: 300 }), (hashes) => {
        // Act
        const decoded = decodeHashList(encodeHashList(Float64Array.from(hashes)));
        // Assess
        expect(Array.from(decoded)).toEqual([...hashes].sort((a, b) => a - b));
      }),
    );
  });

  it('returns any bytes back from their base64, padded or not, and refuses what is not base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        // Prepare
        const text = Buffer.from(bytes).toString('base64');

        // Act, Assess
        expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
        expect(Array.from(decodeBase64(text.replace(/=+$/, '')))).toEqual(Array.from(bytes));
      }),
    );
    for (const bad of ['AB C', 'AB=C', 'A===', 'A', 'AB*=', 'AB\n==', 'AB==AB==', 'AB=']) {
      expect(() => decodeBase64(bad), bad).toThrow(SketchJsonError);
    }
  });
});
