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
  it('splits real-world shapes at every byte as one pass reads them (comments, preamble, stray quotes, control characters, value tokens)', async () => {
    // Prepare: the shapes of issue 13's corpus, each cut at every byte into two pieces.
    const files = {
      comments: enc(
        '# country codes\n# more\n#code\tname\nAD\tAndorra\nAE\tUAE\n# a note\nAF\tAfghanistan\nAG\tAntigua\n',
      ),
      preamble: enc('3,4\na,b,c,d\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n2.5,3.5,4.5,1\n'),
      strayQuotes: enc('id\tname\talt\n1\ta\t"x\n2\tb\t"y\n3\tc\tz\n4\td\tw\n'),
      controls: enc('a,b\n1,x\u0001y\n2,z\n3,\u0007\n4,q\n'),
      valueTokens: enc('name,gender\nann,F\nbob,M\ncy,NA\ndi,F\ned,M\nfi,NA\n'),
      colourData: enc('hex,name\n#ff0000,red\n#00ff00,green\n#0000ff,blue\n#ffffff,white\n'),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const whole = timeless(profileBytes(bytes));
      for (let cut = 1; cut < bytes.length; cut++) {
        // Act
        const split = await splitSummary(bytes, [cut]);
        // Assess
        expectClose({ name, cut, summary: timeless(split.summary) }, { name, cut, summary: whole });
      }
    }
  });

  it('re-runs a piece cut inside a quoted field with line breaks from where the record ends', async () => {
    // Prepare: the cut falls after "line one\n", inside the quotes. The window after the cut is
    // ambiguous: "3,not a record" inside the quotes reads as a record of the head's width, so
    // the start chosen there ("line two", recordBounds.ts `chooseRecordStart`) is wrong.
    const bytes = enc('id,note\n1,"line one\nline two\n3,not a record"\n4,four\n5,five\n');
    const cut = cutAt(bytes, 'line two');
    // Act
    const split = await splitSummary(bytes, [cut]);
    // Assess: the piece started at "line two", the merge found the record ends later.
    expect(split.reruns).toEqual([{ index: 1, reason: 'start' }]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
    expect(split.summary.row_count).toBe(3);
  });

  it('starts a piece cut inside a long multi-line quoted field after that field, with no re-run', async () => {
    // Prepare: notes of 40 lines each (no delimiter inside), cut in the middle of each line of
    // the fourth note and of the quote that closes it.
    const note = (r: number) => Array.from({ length: 40 }, (_, k) => `r${r} l${k} some words`);
    const rows = Array.from({ length: 12 }, (_, r) => `${r},"${note(r).join('\n')}",${r * 1.5}`);
    const bytes = enc(`id,note,amount\n${rows.join('\n')}\n`);
    const whole = timeless(profileBytes(bytes));
    const from = cutAt(bytes, '"r3 l0');
    const to = cutAt(bytes, '4,"r4 l0');
    for (let cut = from + 1; cut < to - 2; cut += 7) {
      // Act
      const split = await splitSummary(bytes, [cut]);
      // Assess: the first line break after the cut is inside the quotes; the piece starts at
      // the record after the note instead, where the merge finds the first piece stopped.
      expect({ cut, reruns: split.reruns }).toEqual({ cut, reruns: [] });
      expectClose(timeless(split.summary), whole);
    }
  });

  it('starts a piece cut before a quoted field with line breaks after that record, with no re-run', async () => {
    // Prepare: the cut falls in the id of a record whose note has a line break.
    const bytes = enc('id,note,n\n1,plain,1\n22,"two\nlines",2\n3,plain,3\n4,"x",4\n5,y,5\n');
    // Act
    const split = await splitSummary(bytes, [cutAt(bytes, '2,"two')]);
    // Assess: the first line break after the cut ends "two", inside the quotes.
    expect(split.reruns).toEqual([]);
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
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

  it('decodes each line that is not UTF-8 as Windows-1252 in any piece, as one pass does', async () => {
    // Prepare: Latin-1 "café" early, then UTF-8 "São" in a later piece.
    const bytes = concat(enc('id,city\n1,'), latin1('caf\xe9'), enc('\n2,x\n3,São\n4,y\n'));
    const latin1Only = concat(
      enc('id,city\n1,'),
      latin1('caf\xe9'),
      enc('\n2,x\n3,'),
      latin1('S\xe3o\n'),
    );
    // Act
    const split = await splitSummary(bytes, [cutAt(bytes, '3,S')]);
    const split1252 = await splitSummary(latin1Only, [cutAt(latin1Only, '3,S')]);
    // Assess: lines are decoded on their own (no re-run); the file is UTF-8 when a piece has
    // UTF-8 beyond ASCII, Windows-1252 when only fallback lines are beyond ASCII.
    expect(split.reruns).toEqual([]);
    expect(split.summary.encoding).toMatchObject({ name: 'utf-8', fallback_from_line: 2 });
    expectClose(timeless(split.summary), timeless(profileBytes(bytes)));
    expect(split1252.summary.encoding).toMatchObject({ name: 'windows-1252' });
    expect(split1252.summary.quality_issues).toEqual(profileBytes(latin1Only).quality_issues);
    expectClose(timeless(split1252.summary), timeless(profileBytes(latin1Only)));
  });

  it('counts bare CRs inside quotes as line breaks after a record ended with one', async () => {
    const bytes = enc('a,b\r1,2\r3,"x\ry"\n4,5\n6,"p\rq"\n7,8\n');
    const split = await splitSummary(bytes, [cutAt(bytes, '3,')]);
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
