import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  isProfileError,
  type ProfileOptions,
  profileBytes,
  type Summary,
  summarizeState,
} from '../../../src/profile/index.js';
import { bytesSource } from '../../../src/profile/split/ByteSource.js';
import { profileSplit } from '../../../src/profile/split/profileSplit.js';
import { expectClose } from './expectClose.js';

const enc = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const cutAt = (bytes: Uint8Array, marker: string) =>
  Buffer.from(bytes).indexOf(Buffer.from(marker, 'latin1'));
const timeless = (s: Summary) => ({ ...s, processed_timestamp: undefined });

async function splitSummary(bytes: Uint8Array, cuts: number[], options: ProfileOptions = {}) {
  const result = await profileSplit(bytesSource(bytes, 5), { cuts }, options);
  return { ...result, summary: summarizeState(result.state, options) };
}

describe('profileSplit', () => {
  it('re-runs a piece cut inside a quoted field with line breaks from where the record ends', async () => {
    // Prepare: the cut falls after "line one\n", inside the quotes.
    const bytes = enc('id,note\n1,"line one\nline two\n3,not a record"\n4,four\n5,five\n');
    const cut = cutAt(bytes, 'line two');
    // Act
    const split = await splitSummary(bytes, [cut]);
    // Assess: speculation started at "line two", the merge found the record ends later.
    expect(split.reruns).toEqual([{ index: 1, reason: 'start' }]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
    expect(split.summary.row_count).toBe(3);
  });

  it('numbers lines across pieces as one pass does', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `${i},` : `${i},v${i}`));
    const bytes = enc(`id,value\n${rows.join('\n')}\n`);
    const split = await splitSummary(bytes, [50, 120, 200]);
    expect(split.reruns).toEqual([]);
    const missing = split.summary.quality_issues.issues.find((i) => i.code === 'missing_values');
    // Rows 3, 10, 17, 24, 31 (lines 5, 12, 19, 26, 33) fall in four different pieces.
    expect(missing?.sample_lines).toEqual([5, 12, 19, 26, 33]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
  });

  it('decodes the pieces after an invalid UTF-8 byte as Windows-1252, as one pass does', async () => {
    // Prepare: Latin-1 "café" early, then UTF-8 "São" in a later piece.
    const bytes = concat(enc('id,city\n1,'), latin1('caf\xe9'), enc('\n2,x\n3,São\n4,y\n'));
    const cut = cutAt(bytes, '3,S');
    // Act
    const split = await splitSummary(bytes, [cut]);
    // Assess: the second piece decoded "São" as UTF-8, and is re-run as Windows-1252.
    expect(split.reruns).toEqual([{ index: 1, reason: 'encoding' }]);
    expect(split.summary.encoding).toMatchObject({ name: 'windows-1252', fallback_from_line: 2 });
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
  });

  it('counts bare CRs inside quotes as line breaks after a record ended with one', async () => {
    const bytes = enc('a,b\r1,2\r3,"x\ry"\n4,5\n6,"p\rq"\n7,8\n');
    const split = await splitSummary(bytes, [5]);
    expect(split.reruns).toEqual([{ index: 1, reason: 'cr' }]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
  });

  it('finds the lines of rows that repeat rows of earlier pieces', async () => {
    const bytes = enc('k,v\n1,a\n2,b\n3,c\n1,a\n4,d\n2,b\n');
    const split = await splitSummary(bytes, [cutAt(bytes, '3,c')]);
    expect(split.reruns).toEqual([{ index: 1, reason: 'duplicate-lines' }]);
    const duplicates = split.summary.quality_issues.issues.find((i) => i.code === 'duplicate_rows');
    expect(duplicates?.sample_lines).toEqual([5, 7]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
  });

  it("reports a piece's data error with the file's line, as one pass does", async () => {
    const bytes = enc('a,b\n1,2\n3,4\n5,6\n7,"open\n8,9\n');
    const error = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (isProfileError(e)) return e.toJSON();
      }
      return null;
    };
    const one = error(() => profileBytes(bytes));
    expect(one).toMatchObject({ error_code: 'MALFORMED_CSV', line: 5 });
    const result = await profileSplit(bytesSource(bytes), { cuts: [cutAt(bytes, '5,6')] }).then(
      () => null,
      (e: unknown) => (isProfileError(e) ? e.toJSON() : e),
    );
    expect(result).toEqual(one);
  });

  it('profiles gzip and UTF-16 in one piece', async () => {
    const text = `a,b\n${Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n')}\n`;
    const gz = new Uint8Array(gzipSync(enc(text)));
    const utf16 = concat(Uint8Array.of(0xff, 0xfe), new Uint8Array(Buffer.from(text, 'utf16le')));
    for (const [bytes, reason] of [
      [gz, 'gzip'],
      [utf16, 'utf-16'],
    ] as const) {
      const split = await profileSplit(bytesSource(bytes), { cuts: [20, 40] });
      expect([split.pieces, split.noSplit]).toEqual([1, reason]);
      expectClose(timeless(summarizeState(split.state)), timeless(profileBytes(bytes)));
    }
  });

  it('cuts into about equal pieces of at least the minimum size', async () => {
    const bytes = enc(`n\n${'12345\n'.repeat(1000)}`);
    expect((await profileSplit(bytesSource(bytes), { pieces: 4 })).pieces).toBe(4);
    const few = await profileSplit(bytesSource(bytes), { pieces: 4, minPieceBytes: 3000 });
    expect([few.pieces, few.noSplit]).toEqual([2, null]);
    const none = await profileSplit(bytesSource(bytes), { pieces: 4, minPieceBytes: 1 << 20 });
    expect([none.pieces, none.noSplit]).toEqual([1, 'one-piece']);
  });
});
