import { describe, expect, it } from 'vitest';
import { KernelMemory } from '../../src/profile/kernel/Kernel.js';
import { KernelCsvParser } from '../../src/profile/parse/KernelCsvParser.js';
import type { RecordSink } from '../oracles/index.js';
import { type ParseOutcome, parseOutcome, spectrumCsvs, utf8 } from './helpers.js';

const decoder = new TextDecoder();

interface Options {
  delimiter?: string;
  quote?: string;
  maxFieldBytes?: number;
  maxRecordBytes?: number;
  maxColumns?: number;
  separateEscaped?: boolean;
}

/** Parses `bytes` in chunks of `chunkSize` (0: one shot) with CsvParser or KernelCsvParser. */
function run(
  which: 'js' | 'kernel',
  bytes: Uint8Array,
  chunkSize: number,
  options: Options = {},
  onRecord?: () => void,
): ParseOutcome {
  const parserOptions = {
    delimiter: (options.delimiter ?? ',').charCodeAt(0),
    quote: (options.quote ?? '"').charCodeAt(0),
    maxFieldBytes: options.maxFieldBytes ?? 1 << 24,
    maxRecordBytes: options.maxRecordBytes ?? 1 << 26,
    maxColumns: options.maxColumns ?? 10_000,
    separateEscaped: options.separateEscaped ?? false,
  };
  const memory = which === 'kernel' ? newMemory() : undefined;
  return parseOutcome(which, bytes, chunkSize, parserOptions, memory, onRecord);
}

/** The memory of the last KernelCsvParser that {@link run} made (its sink may grow it). */
let lastMemory: KernelMemory | null = null;
function newMemory(): KernelMemory {
  lastMemory = new KernelMemory();
  return lastMemory;
}

/** Expects both parsers to give the same outcome for every chunk size up to `maxChunk`. */
function expectSame(bytes: Uint8Array, options: Options = {}, maxChunk = bytes.length): number {
  let compared = 0;
  for (const separateEscaped of [false, true]) {
    const o = { ...options, separateEscaped };
    for (let size = 0; size <= Math.min(maxChunk, bytes.length); size++) {
      const expected = run('js', bytes, size, o);
      const actual = run('kernel', bytes, size, o);
      expect(actual, `chunk size ${size}, separateEscaped ${separateEscaped}`).toEqual(expected);
      compared++;
    }
  }
  return compared;
}

const spectrum = spectrumCsvs();

/** The inputs of test/profile/parser.test.ts (and a few more edges), with their options. */
const cases: { name: string; csv: string; options?: Options }[] = [
  { name: 'no final newline', csv: 'a,b\n1,2' },
  { name: 'trailing delimiter', csv: 'a,b,\n1,2,' },
  { name: 'mixed line endings', csv: 'a\r\nb\nc\rd' },
  {
    name: 'quoted delimiters, quotes and newlines',
    csv: 'x,y\n"a,b","say ""hi""\nthere"\nz,"\r\n"\nlast,1\n',
  },
  { name: 'empty and empty-quoted fields', csv: '"",,""\n' },
  { name: 'text after a closing quote', csv: '"ab"cd,e"f"g\n' },
  { name: 'other delimiter and quote', csv: "a;'b;c'\n", options: { delimiter: ';', quote: "'" } },
  { name: 'unterminated quote', csv: 'a,b\n1,2\n3,"open\nmore\n' },
  { name: 'field too large', csv: `a\n"${'x'.repeat(100)}"\n`, options: { maxFieldBytes: 50 } },
  { name: 'unterminated too large', csv: `"${'y'.repeat(300)}`, options: { maxFieldBytes: 100 } },
  { name: 'too many columns', csv: 'a,b,c,d\n', options: { maxColumns: 3 } },
  { name: 'trailing delimiter past the column limit', csv: 'a,b,c,', options: { maxColumns: 3 } },
  { name: 'record too large', csv: 'ab,cd,ef\n"g\nh",i\n', options: { maxRecordBytes: 6 } },
  { name: 'CR endings count lone CRs in quotes', csv: 'a\r"b\rc\r\nd"\re\r"\r"' },
  { name: 'lone CR before any CR ending', csv: '"a\rb"\nc\n"d\re"\rf' },
  { name: 'quotes in kind 2 text', csv: '"a""b"c"d""e,"x"\r\n"""",""""""\n' },
  {
    name: 'long fields and records',
    csv: `${'a'.repeat(40)},"${'b""'.repeat(20)}"${'c'.repeat(17)}\n`,
  },
  { name: 'empty lines', csv: '\n\n\r\n\r\r\n,\n' },
  { name: 'quote at the end', csv: 'a,"' },
  { name: 'doubled quote at the end', csv: 'a,"b""' },
  { name: 'CR at the end', csv: 'a,b\r' },
];

describe('KernelCsvParser', () => {
  describe('csv-spectrum', () => {
    it.each(spectrum.map((c) => [c.name, c] as const))(
      'returns what CsvParser returns for %s at every chunk size',
      (_name, c) => {
        // Act, Assess
        expect(expectSame(c.csv)).toBe(2 * (c.csv.length + 1));
      },
    );
  });

  describe('parser cases', () => {
    it.each(cases.map((c) => [c.name, c] as const))(
      'returns what CsvParser returns for %s at every chunk size',
      (_name, c) => {
        // Prepare
        const bytes = utf8(c.csv);
        // Act, Assess
        expect(expectSame(bytes, c.options)).toBe(2 * (bytes.length + 1));
      },
    );
  });

  it('returns what CsvParser returns for rows like the benchmark files', () => {
    // Prepare: rows of 12 fields (one quoted, with doubled quotes), so that the 64-byte fast
    // path meets records, quoted fields and chunk ends at every position.
    const rows = ['id,qty,price,date,ts,flag,cat,cc,comment,disc,who,x'];
    for (let r = 0; r < 150; r++) {
      const comment = r % 3 === 0 ? `"w${r}, ""q"" ${'z'.repeat(r % 40)}"` : `plain${r}`;
      const row = [r, r * 7, (r * 1.37).toFixed(2), '2002-11-07', '2000-02-24T11:57:05.967Z'];
      rows.push(`${row.join(',')},true,grocery,US,${comment},0.39,${'n'.repeat(r % 70)},`);
    }
    const eol = (r: number) => (r % 5 === 0 ? '\r\n' : r % 7 === 0 ? '\r' : '\n');
    const bytes = utf8(rows.map((row, r) => row + eol(r)).join(''));
    for (const size of [0, 1, 7, 63, 64, 65, 1000]) {
      // Act
      const actual = run('kernel', bytes, size, { separateEscaped: true });
      // Assess
      expect(actual, `chunk size ${size}`).toEqual(
        run('js', bytes, size, { separateEscaped: true }),
      );
      expect(actual.records).toBe(151);
    }
  });

  it('returns fields as absolute offsets into a view of the whole kernel memory', () => {
    // Prepare
    const memory = new KernelMemory();
    const seen: { sameMemory: boolean; fields: string[] }[] = [];
    const sink: RecordSink = {
      record(buf, starts, ends, n) {
        const fields: string[] = [];
        for (let f = 0; f < n; f++) fields.push(decoder.decode(buf.subarray(starts[f]!, ends[f]!)));
        seen.push({ sameMemory: buf.buffer === memory.buffer && buf.byteOffset === 0, fields });
      },
    };
    const parser = new KernelCsvParser(
      sink,
      { delimiter: 44, quote: 34, maxFieldBytes: 1000, maxRecordBytes: 1000, maxColumns: 100 },
      memory,
    );
    // Act
    parser.push(utf8('a,"b""c"\nd,"e"f\n'));
    parser.end();
    // Assess
    expect(seen).toEqual([
      { sameMemory: true, fields: ['a', 'b"c'] },
      { sameMemory: true, fields: ['d', 'ef'] },
    ]);
  });

  it('returns the same records when the sink grows the kernel memory', () => {
    // Prepare
    const csv = utf8(
      Array.from({ length: 40 }, (_, i) => `${i},"q""${i}""\n",x${i}"t"`).join('\r\n'),
    );
    for (const chunk of [0, 1, 7, 64]) {
      const expected = run('js', csv, chunk);
      let calls = 0;
      // Act
      const actual = run('kernel', csv, chunk, {}, () => {
        calls++;
        if (calls % 5 === 0) lastMemory!.ensure(lastMemory!.buffer.byteLength + 65_536);
      });
      // Assess
      expect(actual, `chunk size ${chunk}`).toEqual(expected);
    }
  });

  it('returns records wider than its field arrays and larger than its input region', () => {
    // Prepare: 3,000 fields per record; records of ~90 KB carried across 10 KB chunks.
    const wide = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `"v""${i}"` : `v${i}`));
    const csv = utf8(`${wide.join(',')}\n${'z'.repeat(90_000)},"${'y'.repeat(1000)}"\nend`);
    for (const chunk of [0, 10_000, 65_537]) {
      // Act
      const expected = run('js', csv, chunk);
      const actual = run('kernel', csv, chunk);
      // Assess
      expect(actual.error).toBeNull();
      expect(actual).toEqual(expected);
    }
  });

  it('returns the CsvParser error with its code, message and line', () => {
    // Act
    const actual = run('kernel', utf8('a,b\n1,2\n3,"open\nmore\n'), 0);
    // Assess
    expect(actual.error).toEqual({
      name: 'ProfileError',
      code: 'MALFORMED_CSV',
      message: 'Unterminated quoted field starting on line 3',
      line: 3,
    });
    expect(actual.records).toBe(2);
  });

  it('accepts a column limit above the i32 range', () => {
    // Act
    const actual = run('kernel', utf8('a,b,c\n'), 0, { maxColumns: Number.MAX_SAFE_INTEGER });
    // Assess
    expect(actual.events[0]).toEqual({
      fields: ['a', 'b', 'c'],
      n: 3,
      line: 1,
      endOffset: 6,
      kinds: [0, 0, 0],
    });
  });
});
