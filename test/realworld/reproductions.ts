// Minimal reproductions of issue 13's defects, as data: small inline files and what the
// profiler must make of them, written from the issue's text (and its "Expected" lines), not
// from any tool's output. reproductions.test.ts runs them; the lead turns them into unit tests
// next to the fixes. Cases marked `guard` passed before the fixes and must keep passing (what a
// fix must not break). The issue codes (malformed_quotes, comment_lines, skipped_preamble,
// control_characters) and the error CORRUPT_GZIP are the names the issue uses, which the
// profiler took.

import { gzipSync } from 'node:zlib';
import { encodeWindows1252 } from '../../scripts/corpus/transforms.js';
import type { Defect } from './knownDefects.js';

/** What the profile of a reproduction must show; only the stated keys are checked. */
export interface ReproductionExpectation {
  /** The error code, or null when the file must be profiled. */
  error: string | null;
  rows?: number;
  columns?: number;
  header?: boolean;
  /** '' for no quote character. */
  quote?: string;
  names?: string[];
  types?: string[];
  /** Issue codes that must be among the reported ones. */
  issues?: string[];
  /** Missing values per column name. */
  missing?: Record<string, number>;
  /** Distinct values per column name. */
  distinct?: Record<string, number>;
  /** date.min per column name (ISO 8601, compared as a prefix). */
  dateMin?: Record<string, string>;
}

export interface Reproduction {
  id: string;
  defect: Defect;
  /** True for a case that passes today and must keep passing. */
  guard?: boolean;
  title: string;
  input: Uint8Array;
  expect: ReproductionExpectation;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const gzipped = text('a,b\n1,x\n2,y\n'.repeat(500));
const gzip = gzipSync(gzipped);

export const REPRODUCTIONS: Reproduction[] = [
  {
    id: 'stray-quote',
    defect: 1,
    title: 'fields that start with a bare " do not swallow the lines after them',
    input: text('id\tname\talt\n1\ta\t"x\n2\tb\t"y\n3\tc\tz\n'),
    expect: { error: null, rows: 3, columns: 3, quote: '' },
  },
  {
    id: 'closing-quote-then-text',
    defect: 1,
    title: 'a closing quote followed by more text is a malformed_quotes issue',
    input: text('a,b\n1,"x"y\n2,z\n3,w\n'),
    expect: { error: null, rows: 3, issues: ['malformed_quotes'] },
  },
  {
    id: 'comment-before-header',
    defect: 2,
    title: 'leading # comment lines are skipped and the #code header is kept',
    input: text(
      '# country codes\n#code\tname\nAD\tAndorra\nAE\tUnited Arab Emirates\nAF\tAfghanistan\n',
    ),
    expect: {
      error: null,
      header: true,
      names: ['#code', 'name'],
      rows: 3,
      columns: 2,
      issues: ['comment_lines'],
    },
  },
  {
    id: 'comment-inside-data',
    defect: 2,
    title: 'a # comment line inside the data is a comment, not a row',
    input: text('a,b\n1,x\n# a note\n2,y\n3,z\n'),
    expect: { error: null, rows: 3, types: ['int', 'string'], issues: ['comment_lines'] },
  },
  {
    id: 'preamble',
    defect: 3,
    title: 'a leading "3,4" line is skipped and the header found below it',
    input: text('3,4\na,b,c,d\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n'),
    expect: {
      error: null,
      header: true,
      names: ['a', 'b', 'c', 'd'],
      rows: 3,
      columns: 4,
      types: ['float', 'float', 'float', 'int'],
      issues: ['skipped_preamble'],
    },
  },
  {
    id: 'year-header',
    defect: 4,
    title: 'a header of years over float columns is a header',
    input: text(
      'Country,Code,1960,1961\nAruba,ABW,4.82,4.65\nAfghanistan,AFG,7.45,7.45\nAngola,AGO,7.48,7.52\n',
    ),
    expect: {
      error: null,
      header: true,
      names: ['Country', 'Code', '1960', '1961'],
      rows: 3,
      types: ['string', 'string', 'float', 'float'],
    },
  },
  {
    id: 'non-iso-datetimes',
    defect: 5,
    title: 'YYYY/MM/DD, MM/DD/YYYY and DD.MM.YYYY datetimes, with seconds, fractions, AM/PM',
    input: text(
      'ymd,us,dot,us_ampm\n' +
        '2013/08/29 12:06:01,08/29/2013 12:06:01,29.08.2013 12:06:01,8/29/2013 12:06 PM\n' +
        '2013/08/30 13:07:02.5,08/30/2013 13:07,30.08.2013 13:07:02,8/30/2013 1:07:02 AM\n' +
        '2013/08/31 14:08,08/31/2013 14:08:03.25,31.08.2013 14:08,8/31/2013 11:59:59 PM\n',
    ),
    expect: {
      error: null,
      rows: 3,
      types: ['datetime', 'datetime', 'datetime', 'datetime'],
      dateMin: {
        ymd: '2013-08-29T12:06:01',
        us: '2013-08-29T12:06:01',
        dot: '2013-08-29T12:06:01',
        us_ampm: '2013-08-29T12:06',
      },
    },
  },
  {
    id: 'iso-datetimes',
    defect: 5,
    guard: true,
    title: 'ISO 8601 datetimes stay datetime',
    input: text('t\n2013-08-29T12:06:01\n2013-08-30 13:07:02\n2013-08-31T14:08:03Z\n'),
    expect: { error: null, rows: 3, types: ['datetime'] },
  },
  {
    id: 'two-digit-years',
    defect: 6,
    title: 'M/D/YY dates are dates (1/1/85 is 1985-01-01)',
    input: text('Date,value\n1/1/85,1\n2/1/85,2\n3/1/85,3\n'),
    expect: {
      error: null,
      rows: 3,
      types: ['date', 'int'],
      dateMin: { Date: '1985-01-01' },
    },
  },
  {
    id: 'one-latin1-line',
    defect: 7,
    title: 'one Windows-1252 line does not turn the later UTF-8 lines into mojibake',
    input: concat(
      text('city\nSão Paulo\n'),
      encodeWindows1252('Zürich\n'),
      text('São Paulo\nMünchen\n'),
    ),
    expect: { error: null, rows: 4, distinct: { city: 3 } },
  },
  {
    id: 'nul-byte',
    defect: 8,
    title: 'a text file with one NUL byte is profiled, with a control_characters issue',
    input: text('a,b\n1,x\n2,y\u0000\n3,z\n'),
    expect: { error: null, rows: 3, columns: 2, issues: ['control_characters'] },
  },
  {
    id: 'binary',
    defect: 8,
    guard: true,
    title: 'binary content stays NOT_TEXT',
    input: Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
    expect: { error: 'NOT_TEXT' },
  },
  {
    id: 'single-quoted-header',
    defect: 9,
    title: "header names quoted with ' lose their quotes",
    input: text("'a'\t'b'\n1\t2\n3\t4\n"),
    expect: { error: null, quote: "'", names: ['a', 'b'], rows: 2, types: ['int', 'int'] },
  },
  {
    id: 'truncated-gzip',
    defect: 10,
    title: 'a gzip cut in half ends with its own error code',
    input: gzip.subarray(0, Math.floor(gzip.length / 2)),
    expect: { error: 'CORRUPT_GZIP' },
  },
  {
    id: 'gzip-bad-crc',
    defect: 10,
    title: 'a gzip whose CRC does not match ends with its own error code',
    input: concat(gzip.subarray(0, gzip.length - 8), Uint8Array.of(0, 0, 0, 0), gzip.subarray(-4)),
    expect: { error: 'CORRUPT_GZIP' },
  },
  {
    id: 'na-as-code',
    defect: 11,
    title: 'NA among two-letter codes is North America / Namibia, not missing',
    input: text('code,continent\nUS,NA\nCA,NA\nFR,EU\nJP,AS\nNA,AF\n'),
    expect: { error: null, rows: 5, missing: { code: 0, continent: 0 } },
  },
  {
    id: 'na-as-missing-among-codes',
    defect: 11,
    guard: true,
    title: 'NA among state codes that is "not available" (vega airports.csv) stays missing',
    input: text(
      'iata,city,state\nBOS,Boston,MA\nMQT,NA,NA\nJFK,New York,NY\nORD,Chicago,IL\nSEA,Seattle,WA\n',
    ),
    expect: { error: null, rows: 5, missing: { city: 1, state: 1 } },
  },
  {
    id: 'na-as-missing',
    defect: 11,
    guard: true,
    title: 'NA in a numeric column stays missing',
    input: text('id,score\n1,3.5\n2,NA\n3,4.0\n'),
    expect: { error: null, rows: 3, types: ['int', 'float'], missing: { score: 1 } },
  },
];
