import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProfiler, isProfileError, ProfileErrorCode } from '../../src/profile/index.js';
import { pushChunks, utf8 } from './helpers.js';
import { summaryErrors } from './schema.js';

const CODES = new Set<string>(Object.values(ProfileErrorCode));

/** Profiles `bytes`; returns 'ok' or the error code. Anything else thrown fails the test. */
function outcome(bytes: Uint8Array, chunk: number): string {
  const p = createProfiler({ sampleBytes: 256, maxColumns: 500, maxFieldBytes: 4096 });
  try {
    pushChunks(bytes, chunk, (c) => p.push(c));
    const summary = p.end();
    const errors = summaryErrors(summary);
    if (errors !== '') throw new Error(`invalid summary: ${errors}`);
    return 'ok';
  } catch (error) {
    if (isProfileError(error) && CODES.has(error.code)) return error.code;
    throw error;
  }
}

const SEED = utf8('id,name,score\n1,"a, b",3.5\n2,"x ""y""\nz",N/A\n3,c,-1e3\n');

describe('fuzz', () => {
  it('returns a summary or an error code for random bytes, never crashing', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.integer({ min: 0, max: 64 }),
        (bytes, chunk) => {
          expect(['ok', ...CODES]).toContain(outcome(bytes, chunk));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('returns a summary or an error code for mutated CSV, never crashing', () => {
    const mutation = fc.array(
      fc.record({
        at: fc.nat({ max: SEED.length - 1 }),
        byte: fc.constantFrom(0, 10, 13, 34, 39, 44, 59, 0xc3, 0xff, 0x80, 32, 9),
      }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(mutation, fc.integer({ min: 0, max: 16 }), (edits, chunk) => {
        const bytes = SEED.slice();
        for (const { at, byte } of edits) bytes[at] = byte;
        expect(['ok', ...CODES]).toContain(outcome(bytes, chunk));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same outcome for mutated CSV at every chunk size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (noise) => {
        const bytes = new Uint8Array([...SEED, ...noise]);
        const oneShot = outcome(bytes, 0);
        for (const chunk of [1, 3, 7]) expect(outcome(bytes, chunk)).toBe(oneShot);
      }),
      { numRuns: 100 },
    );
  });
});
