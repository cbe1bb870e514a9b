import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProfiler, profileBytes } from '../../src/profile/index.js';
import { CsvParser, type RecordSink } from '../oracles/index.js';
import { parseAll, pushChunks, utf8 } from './helpers.js';

const decoder = new TextDecoder();

/** Parses with `separateEscaped`, reading each field from `buf` or `alt` as flagged. */
function parseSeparate(bytes: Uint8Array, chunkSize: number): string[][] {
  const records: string[][] = [];
  const sink: RecordSink = {
    record(buf, starts, ends, n, _line, _end, alt, inAlt) {
      const fields: string[] = [];
      for (let f = 0; f < n; f++) {
        const from = inAlt[f] === 0 ? buf : alt;
        fields.push(decoder.decode(from.subarray(starts[f]!, ends[f]!)));
      }
      records.push(fields);
    },
  };
  const parser = new CsvParser(sink, {
    delimiter: 44,
    quote: 34,
    maxFieldBytes: 1 << 24,
    maxRecordBytes: 1 << 26,
    maxColumns: 10_000,
    separateEscaped: true,
  });
  pushChunks(bytes, chunkSize, (c) => parser.push(c));
  parser.end();
  return records;
}

const cell = fc.oneof(
  fc.stringMatching(/^[a-z é]{0,6}$/),
  fc.stringMatching(/^[a-z",\n]{0,8}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
  fc.stringMatching(/^[a-z]{0,3}$/).map((s) => `"${s}"x${s}`),
);
const csv = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
  .map((rows) => rows.map((r) => r.join(',')).join('\n'));

describe('CsvParser separateEscaped', () => {
  it('returns the same records as copying whole records, for any chunk size', () => {
    fc.assert(
      fc.property(csv, fc.integer({ min: 0, max: 17 }), (text, chunkSize) => {
        // Prepare
        const bytes = utf8(text);
        // Act
        const separate = parseSeparate(bytes, chunkSize);
        // Assess
        expect(separate).toEqual(parseAll(bytes, chunkSize).records);
      }),
    );
  });
});

describe('createProfiler row batches', () => {
  it('returns the one-shot summary when batches and chunk carries interleave', () => {
    // Prepare: more rows than one batch, escaped fields, ragged rows, a wide variant.
    const narrow = ['id,name,note,score'];
    // 10,000 rows: more than one batch (2,048 rows) even when pushed in one piece.
    for (let i = 0; i < 10_000; i++) {
      const note = i % 3 === 0 ? `"say ""hi"" ${i % 11}"` : `plain ${i % 7}`;
      narrow.push(i % 500 === 7 ? `${i},x` : `${i},n${i % 40},${note},${(i % 97) / 4}`);
    }
    const wide = [Array.from({ length: 300 }, (_, c) => `c${c}`).join(',')];
    for (let i = 0; i < 200; i++) {
      wide.push(
        Array.from({ length: 300 }, (_, c) => (c % 9 === 0 ? `"a""${i}"` : i * c)).join(','),
      );
    }
    for (const text of [narrow.join('\n'), wide.join('\r\n')]) {
      const bytes = utf8(text);
      const oneShot = profileBytes(bytes);
      for (const size of [13, 1000, 65_536]) {
        // Act
        const p = createProfiler({ sampleBytes: 512 });
        pushChunks(bytes, size, (c) => p.push(c));
        // Assess
        expect(p.end(), `chunk size ${size}`).toEqual(oneShot);
      }
    }
  });
});
