import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_QUOTE } from '../../../src/profile/constants.js';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import { ROW_BLOCK_WORDS, RowBlock } from '../../../src/profile/kernel/rowBlock.js';
import { KernelCsvParser } from '../../../src/profile/parse/KernelCsvParser.js';
import { CsvParser, type RecordSink } from '../../oracles/index.js';
import { pushChunks, spectrumCsvs, utf8 } from '../helpers.js';

interface Options {
  delimiter: number;
  quote: number;
  maxFieldBytes: number;
  maxRecordBytes: number;
  maxColumns: number;
  /** Comment lines: all that start with `byte`, or those of another width than the batch's. */
  comment?: { byte: number; all: boolean };
}

/** What the row batch receives: rows (cells, present, line), blank/ragged counts, state, error. */
interface Outcome {
  rows: { cells: string[]; line: number }[];
  records: number;
  blank: number;
  blankLines: number[];
  tooMany: number;
  tooManyLines: number[];
  tooFew: number;
  tooFewLines: number[];
  /** Records with text after a closing quote (a field of kind 2). */
  malformed: number;
  malformedLines: number[];
  comments: number;
  commentLines: number[];
  line: number;
  endings: { lf: number; crlf: number; cr: number };
  error: { code: unknown; message: string; line: unknown } | null;
}

const SAMPLE_LINES = 3;
const decoder = new TextDecoder();

const defaults: Options = {
  delimiter: 44,
  quote: 34,
  maxFieldBytes: 1 << 24,
  maxRecordBytes: 1 << 26,
  maxColumns: 10_000,
};

function failure(e: unknown): Outcome['error'] {
  const err = e as { code: unknown; message: string; line: unknown };
  return { code: err.code, message: err.message, line: err.line };
}

/** The outcome of CsvParser's records, counted as RowBatch/scanRows count them. */
function viaCsvParser(bytes: Uint8Array, chunk: number, width: number, o: Options): Outcome {
  const out = emptyOutcome();
  const byWidth = o.comment !== undefined && !o.comment.all ? o.comment.byte : -1;
  let recordStart = 0;
  const sink: RecordSink = {
    record(buf, starts, ends, n, line, end, _alt, kinds) {
      const first = bytes[recordStart];
      recordStart = end;
      out.records++;
      if (n !== width && first === byWidth) {
        // A comment by its width (RowBatch's rule), not a row.
        out.comments++;
        if (out.commentLines.length < SAMPLE_LINES) out.commentLines.push(line);
        return;
      }
      if (kinds.subarray(0, n).includes(2)) {
        out.malformed++;
        if (out.malformedLines.length < SAMPLE_LINES) out.malformedLines.push(line);
      }
      if (n === 1 && starts[0] === ends[0]) {
        out.blank++;
        if (out.blankLines.length < SAMPLE_LINES) out.blankLines.push(line);
        return;
      }
      if (n > width) {
        out.tooMany++;
        if (out.tooManyLines.length < SAMPLE_LINES) out.tooManyLines.push(line);
      } else if (n < width) {
        out.tooFew++;
        if (out.tooFewLines.length < SAMPLE_LINES) out.tooFewLines.push(line);
      }
      const cells: string[] = [];
      for (let f = 0; f < Math.min(n, width); f++) {
        cells.push(decoder.decode(buf.subarray(starts[f]!, ends[f]!)));
      }
      out.rows.push({ cells, line });
    },
  };
  const parser = new CsvParser(sink, { ...o, commentLines: SAMPLE_LINES });
  try {
    pushChunks(bytes, chunk, (c) => parser.push(c));
    parser.end();
  } catch (e) {
    out.error = failure(e);
  }
  out.comments += parser.comments;
  out.commentLines = [...out.commentLines, ...parser.commentSampleLines];
  out.line = parser.line;
  out.endings = { ...parser.lineEndings };
  return out;
}

/** The outcome of KernelCsvParser writing rows into a kernel row block with `scanRows`. */
function viaScanRows(
  bytes: Uint8Array,
  chunk: number,
  width: number,
  capacity: number,
  o: Options,
): Outcome {
  const out = emptyOutcome();
  const memory = new KernelMemory();
  const startsAt = memory.alloc(capacity * width * 4);
  const endsAt = memory.alloc(capacity * width * 4);
  const presentAt = memory.alloc(capacity * 4);
  const linesAt = memory.alloc(capacity * 8);
  const listsAt = memory.alloc(4 * SAMPLE_LINES * 8);
  const blockAt = memory.alloc(ROW_BLOCK_WORDS * 4);
  const block = new Int32Array(memory.buffer, blockAt, ROW_BLOCK_WORDS);
  block.set([width, capacity, 0, width, startsAt, endsAt, presentAt, linesAt]);
  block[RowBlock.SAMPLE_LINES] = SAMPLE_LINES;
  block[RowBlock.BLANK_LINES] = listsAt;
  block[RowBlock.MANY_LINES] = listsAt + SAMPLE_LINES * 8;
  block[RowBlock.FEW_LINES] = listsAt + 2 * SAMPLE_LINES * 8;
  block[RowBlock.MALFORMED_LINES] = listsAt + 3 * SAMPLE_LINES * 8;
  /** Reads the buffered rows (as RowBatch's flush would) and empties the batch. */
  const flush = (): void => {
    const ab = memory.buffer;
    const words = new Int32Array(ab, blockAt, ROW_BLOCK_WORDS);
    const starts = new Int32Array(ab, startsAt, capacity * width);
    const ends = new Int32Array(ab, endsAt, capacity * width);
    const present = new Int32Array(ab, presentAt, capacity);
    const lines = new Float64Array(ab, linesAt, capacity);
    const bytesOf = new Uint8Array(ab);
    for (let r = 0; r < words[RowBlock.ROWS]!; r++) {
      const cells: string[] = [];
      for (let c = 0; c < present[r]!; c++) {
        const k = c * capacity + r;
        cells.push(decoder.decode(bytesOf.subarray(starts[k]!, ends[k]!)));
      }
      out.rows.push({ cells, line: lines[r]! });
    }
    words[RowBlock.ROWS] = 0;
  };
  const parser = new KernelCsvParser(
    { record() {}, flush },
    { ...o, commentLines: SAMPLE_LINES },
    memory,
  );
  parser.setRowTarget(blockAt, flush);
  try {
    pushChunks(bytes, chunk, (c) => parser.push(c));
    parser.end();
  } catch (e) {
    out.error = failure(e);
  }
  flush();
  const words = new Int32Array(memory.buffer, blockAt, ROW_BLOCK_WORDS);
  const f64 = new Float64Array(memory.buffer);
  const list = (at: number, length: number): number[] =>
    Array.from(f64.subarray(words[at]! >> 3, (words[at]! >> 3) + words[length]!));
  out.records = parser.records;
  expect(words[RowBlock.RECORDS]).toBe(parser.records);
  expect(words[RowBlock.DATA_ROWS]).toBe(out.rows.length);
  out.blank = words[RowBlock.BLANK]!;
  out.blankLines = list(RowBlock.BLANK_LINES, RowBlock.BLANK_LENGTH);
  out.tooMany = words[RowBlock.TOO_MANY]!;
  out.tooManyLines = list(RowBlock.MANY_LINES, RowBlock.MANY_LENGTH);
  out.tooFew = words[RowBlock.TOO_FEW]!;
  out.tooFewLines = list(RowBlock.FEW_LINES, RowBlock.FEW_LENGTH);
  out.malformed = words[RowBlock.MALFORMED]!;
  out.malformedLines = list(RowBlock.MALFORMED_LINES, RowBlock.MALFORMED_LENGTH);
  out.comments = parser.comments;
  out.commentLines = parser.commentSampleLines;
  out.line = parser.line;
  out.endings = { ...parser.lineEndings };
  return out;
}

function emptyOutcome(): Outcome {
  return {
    rows: [],
    records: 0,
    blank: 0,
    blankLines: [],
    tooMany: 0,
    tooManyLines: [],
    tooFew: 0,
    tooFewLines: [],
    malformed: 0,
    malformedLines: [],
    comments: 0,
    commentLines: [],
    line: 0,
    endings: { lf: 0, crlf: 0, cr: 0 },
    error: null,
  };
}

/** Asserts scanRows equals CsvParser for each chunk size; returns the comparisons made. */
function expectSame(
  bytes: Uint8Array,
  chunks: readonly number[],
  width: number,
  capacity: number,
  o: Options = defaults,
): number {
  let compared = 0;
  for (const chunk of chunks) {
    const expected = viaCsvParser(bytes, chunk, width, o);
    expect(viaScanRows(bytes, chunk, width, capacity, o), `chunk ${chunk}`).toEqual(expected);
    compared++;
  }
  return compared;
}

const spectrum = spectrumCsvs();

/** Rows like the benchmark files: 12 fields, a quoted comment with commas, quotes, newlines. */
function benchmarkLike(rows: number): Uint8Array {
  const lines = ['id,qty,price,date,ts,flag,cat,cc,comment,disc,who,x'];
  for (let r = 0; r < rows; r++) {
    const comment =
      r % 3 === 0
        ? `"w${r}, ""q"" ${'z'.repeat(r % 40)}"`
        : r % 4 === 0
          ? `"line\nbreak ${r}"`
          : `plain${r}`;
    const row = [r, r * 7, (r * 1.37).toFixed(2), '2002-11-07', '2000-02-24T11:57:05.967Z'];
    const extra = r % 17 === 0 ? ',more' : '';
    const text = `${row.join(',')},true,grocery,US,${comment},0.39,${'n'.repeat(r % 70)},${extra}`;
    lines.push(r % 23 === 0 ? '' : r % 29 === 0 ? 'short,row' : text);
  }
  const eol = (r: number) => (r % 5 === 0 ? '\r\n' : r % 7 === 0 ? '\r' : '\n');
  return utf8(lines.map((line, r) => line + eol(r)).join(''));
}

/** Narrow rows (3 short fields): several records per 64-byte window. */
function narrowLike(rows: number): Uint8Array {
  const lines = ['id,value,category'];
  for (let r = 0; r < rows; r++) {
    lines.push(r % 31 === 0 ? '' : `${r},${(r * -3.7).toFixed(4)},${'c'.repeat(r % 9)}`);
  }
  return utf8(lines.join('\n'));
}

const code = (c: string) => c.charCodeAt(0);

/** Dialect and limits; small limits often, so that the errors are hit. */
const options: fc.Arbitrary<Options> = fc.record({
  delimiter: fc
    .oneof(
      { weight: 9, arbitrary: fc.constantFrom(',', ';', '\t') },
      { weight: 1, arbitrary: fc.constantFrom('"', '\n', '\r') },
    )
    .map(code),
  quote: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom('"', "'").map(code) },
    { weight: 1, arbitrary: fc.constantFrom(',', '\n', '\r').map(code) },
    // No quote character: no byte (NUL, 0xFF included) starts a quoted field.
    { weight: 2, arbitrary: fc.constant(NO_QUOTE) },
  ),
  maxFieldBytes: fc.oneof(fc.constant(1 << 24), fc.integer({ min: 0, max: 80 })),
  maxRecordBytes: fc.oneof(fc.constant(1 << 26), fc.integer({ min: 0, max: 160 })),
  maxColumns: fc.oneof(fc.constant(10_000), fc.integer({ min: 1, max: 8 })),
  comment: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.record({ byte: fc.constant(code('#')), all: fc.boolean() }) },
  ),
});

/** Token soup with long runs, quoted fields and every line ending, past 64-byte windows. */
const input = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        ';',
        '"',
        "'",
        '""',
        '\r',
        '\n',
        '\r\n',
        'x',
        '"a""b"',
        ',"\n",',
        '\t',
        '\n#c,d',
      ),
      fc.integer({ min: 1, max: 70 }).map((n) => 'v'.repeat(n)),
      fc.integer({ min: 1, max: 30 }).map((n) => `"${'q'.repeat(n)}""${'r'.repeat(n)}"`),
      fc.integer({ min: 1, max: 6 }).map((n) => `${'ab,'.repeat(n)}c\n`),
    ),
    { maxLength: 80 },
  )
  .map((units) => utf8(units.join('')));

describe('scanRows', () => {
  describe('csv-spectrum', () => {
    it.each(spectrum.map((c) => [c.name, c] as const))(
      'returns the rows CsvParser returns for %s at several chunk sizes',
      (_name, c) => {
        // Act, Assess
        expect(expectSame(c.csv, [0, 1, 2, 5, 64], 2, 3)).toBe(5);
        expect(expectSame(c.csv, [0, 3], 4, 1)).toBe(2);
      },
    );
  });

  it('returns the rows CsvParser returns for rows like the mixed benchmark file', () => {
    // Prepare
    const bytes = benchmarkLike(200);
    // Act, Assess
    expect(expectSame(bytes, [0, 1, 63, 64, 65, 1000], 12, 16)).toBe(6);
    expect(expectSame(bytes, [0, 100], 11, 7)).toBe(2);
  });

  it('returns the rows CsvParser returns for rows like the narrow benchmark file', () => {
    // Prepare
    const bytes = narrowLike(400);
    // Act, Assess
    expect(expectSame(bytes, [0, 1, 27, 64, 999], 3, 32)).toBe(5);
    expect(expectSame(bytes, [0], 2, 5)).toBe(1);
  });

  it('returns the rows CsvParser returns with no quote character, and counts text after quotes', () => {
    // Prepare: quotes, NUL and 0xFF bytes that no-quote mode must read as text; quoted fields
    // with text after their closing quote (kind 2), one across lines.
    const bytes = Uint8Array.from([
      ...utf8('a,b\n"x,y"\n1,\u0000"\n'),
      0xff,
      ...utf8(',2\n"p"q,r\n"s\nt"u,v\n'),
    ]);

    // Act, Assess
    expect(expectSame(bytes, [0, 1, 5], 2, 2, { ...defaults, quote: NO_QUOTE })).toBe(3);
    expect(expectSame(bytes, [0, 1, 5], 2, 2)).toBe(3);
    expect(viaScanRows(bytes, 0, 2, 2, defaults)).toMatchObject({
      malformed: 2,
      malformedLines: [5, 6],
    });
    expect(viaScanRows(bytes, 0, 2, 2, { ...defaults, quote: NO_QUOTE }).malformed).toBe(0);
  });

  it('counts comment lines: every one, or those of another width than the batch', () => {
    // Prepare: comments with quotes and delimiters in them; a colour that is data (#ff0000,red).
    const bytes = utf8('a,b\n# note, "open\n1,x\n#ff0000,red\r\n# one field\r2,y\n#');
    const all = { ...defaults, comment: { byte: code('#'), all: true } };
    const byWidth = { ...defaults, comment: { byte: code('#'), all: false } };

    // Act, Assess
    expect(expectSame(bytes, [0, 1, 7], 2, 2, all)).toBe(3);
    expect(expectSame(bytes, [0, 1, 7], 2, 2, byWidth)).toBe(3);
    expect(viaScanRows(bytes, 0, 2, 2, all)).toMatchObject({
      comments: 4,
      commentLines: [2, 4, 5],
    });
    // By width, '# note, "open' is a row of 2 fields (the quote does not start its field).
    expect(viaScanRows(bytes, 0, 2, 2, byWidth)).toMatchObject({
      comments: 2,
      commentLines: [5, 7],
    });
  });

  it('returns the errors CsvParser returns, with their lines and the counts before them', () => {
    // Prepare: an unterminated quote after records with quoted newlines, a long field, a wide row.
    const unterminated = utf8('a,b\n"x\ny",1\r\n2,"open\n\nend');
    const wide = utf8(`a,b\n1,2\n${'c,'.repeat(9)}c\n`);
    const long = utf8(`a,b\n1,${'w'.repeat(200)}\n`);
    const longRecord = utf8(`a,b\r\n1,2\r\n${'x,'.repeat(60)}\r\n`);
    // Act, Assess
    expect(expectSame(unterminated, [0, 1, 8], 2, 4)).toBe(3);
    expect(expectSame(wide, [0, 5], 2, 4, { ...defaults, maxColumns: 5 })).toBe(2);
    expect(expectSame(long, [0, 5], 2, 4, { ...defaults, maxFieldBytes: 100 })).toBe(2);
    expect(expectSame(longRecord, [0, 7], 2, 4, { ...defaults, maxRecordBytes: 100 })).toBe(2);
    expect(viaScanRows(unterminated, 0, 2, 4, defaults).error?.line).toBe(4);
  });

  it('returns the rows CsvParser returns for random inputs, dialects, limits and chunks', () => {
    fc.assert(
      fc.property(
        input,
        options,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 3 }),
        (bytes, o, width, capacity, sizes) => {
          expectSame(bytes, [0, ...sizes], width, capacity, o);
        },
      ),
      { numRuns: 250 },
    );
  });
});
