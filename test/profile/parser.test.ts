import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileError } from '../../src/profile/errors.js';
import { parseAll, utf8 } from './helpers.js';

const require = createRequire(import.meta.url);
const spectrumDir = dirname(require.resolve('csv-spectrum/package.json'));
const cases = readdirSync(join(spectrumDir, 'csvs')).map((file) => ({
  name: basename(file, '.csv'),
  csv: readFileSync(join(spectrumDir, 'csvs', file)),
  expected: JSON.parse(
    readFileSync(join(spectrumDir, 'json', `${basename(file, '.csv')}.json`), 'utf8'),
  ) as Record<string, string>[],
}));

// csv-spectrum 2.0.0 ships a broken fixture for location_coordinates: the JSON is an object,
// not an array, and its phone number differs from the CSV's. Correct it from the CSV's bytes.
for (const c of cases) {
  if (c.name === 'location_coordinates' && !Array.isArray(c.expected)) {
    c.expected = [
      { ...(c.expected as Record<string, string>), 'Contact Phone Number': '2095257564' },
    ];
  }
}

function toObjects(records: string[][]): Record<string, string>[] {
  const [header, ...body] = records;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

describe('CsvParser', () => {
  describe('csv-spectrum', () => {
    it.each(cases.map((c) => [c.name, c] as const))(
      'parses %s to its expected JSON',
      (_name, c) => {
        // Act
        const { records } = parseAll(new Uint8Array(c.csv));
        // Assess
        expect(toObjects(records)).toEqual(c.expected);
      },
    );

    it.each(cases.map((c) => [c.name, c] as const))(
      'gives the one-shot result for %s at every chunk size',
      (_name, c) => {
        const bytes = new Uint8Array(c.csv);
        const oneShot = parseAll(bytes);
        for (let size = 1; size <= bytes.length; size++) {
          const chunked = parseAll(bytes, size);
          expect(chunked.records, `chunk size ${size}`).toEqual(oneShot.records);
          expect(chunked.lines, `chunk size ${size}`).toEqual(oneShot.lines);
          expect(chunked.endings, `chunk size ${size}`).toEqual(oneShot.endings);
        }
      },
    );
  });

  it('returns the last record when the file has no final newline', () => {
    expect(parseAll(utf8('a,b\n1,2')).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('returns an empty last field for a trailing delimiter', () => {
    expect(parseAll(utf8('a,b,\n1,2,')).records).toEqual([
      ['a', 'b', ''],
      ['1', '2', ''],
    ]);
  });

  it('counts LF, CRLF and CR line endings separately', () => {
    const { records, endings } = parseAll(utf8('a\r\nb\nc\rd'));
    expect(records).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(endings).toEqual({ lf: 1, crlf: 1, cr: 1 });
  });

  it('keeps delimiters, quotes and newlines inside quoted fields', () => {
    const { records, lines } = parseAll(utf8('x,y\n"a,b","say ""hi""\nthere"\nz,"\r\n"\nlast,1\n'));
    expect(records).toEqual([
      ['x', 'y'],
      ['a,b', 'say "hi"\nthere'],
      ['z', '\r\n'],
      ['last', '1'],
    ]);
    // Records start on physical lines 1, 2, 4 and 6.
    expect(lines).toEqual([1, 2, 4, 6]);
  });

  it('returns empty strings for empty and empty-quoted fields', () => {
    expect(parseAll(utf8('"",,""\n')).records).toEqual([['', '', '']]);
  });

  it('keeps text after a closing quote and literal quotes inside unquoted fields', () => {
    expect(parseAll(utf8('"ab"cd,e"f"g\n')).records).toEqual([['abcd', 'e"f"g']]);
  });

  it('parses with another delimiter and quote', () => {
    expect(parseAll(utf8("a;'b;c'\n"), 0, { delimiter: ';', quote: "'" }).records).toEqual([
      ['a', 'b;c'],
    ]);
  });

  it('throws MALFORMED_CSV naming the line of an unterminated quote', () => {
    const act = () => parseAll(utf8('a,b\n1,2\n3,"open\nmore\n'));
    expect(act).toThrow(ProfileError);
    expect(act).toThrow(/line 3/);
    try {
      act();
    } catch (error) {
      expect((error as ProfileError).code).toBe('MALFORMED_CSV');
      expect((error as ProfileError).line).toBe(3);
    }
  });

  it('throws FIELD_TOO_LARGE for a field above the limit, also across chunks', () => {
    const big = `a\n"${'x'.repeat(100)}"\n`;
    for (const chunk of [0, 7]) {
      expect(() => parseAll(utf8(big), chunk, { maxFieldBytes: 50 })).toThrow(
        expect.objectContaining({ code: 'FIELD_TOO_LARGE' }),
      );
    }
    // An unterminated quote is stopped by the limit before it buffers the whole input.
    expect(() => parseAll(utf8(`"${'y'.repeat(1000)}`), 10, { maxFieldBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'FIELD_TOO_LARGE' }),
    );
  });

  it('throws TOO_MANY_COLUMNS above the column limit', () => {
    expect(() => parseAll(utf8('a,b,c,d\n'), 0, { maxColumns: 3 })).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_COLUMNS', line: 1 }),
    );
  });
});
