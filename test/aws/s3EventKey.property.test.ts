import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, encodeS3EventKey } from '../../src/aws/s3EventKey.js';

describe('encodeS3EventKey', () => {
  it('returns a key that decodes back to the original for any Unicode key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (key) => {
        const encoded = encodeS3EventKey(key);
        expect(encoded).not.toMatch(/[ ]/);
        expect(decodeS3EventKey(encoded)).toBe(key);
      }),
    );
  });

  it('returns only unreserved characters, +, / and %XX escapes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (key) => {
        expect(encodeS3EventKey(key.replace(/[\uD800-\uDFFF]/g, ''))).toMatch(
          /^(?:[A-Za-z0-9.\-*_+/]|%[0-9A-F]{2})*$/,
        );
      }),
    );
  });
});
