// What the profiler and DuckDB say about a file, reduced to the fields an expectation states
// (expectations.json, decided by reading the files: scripts/corpus/decide.py), and the fields
// where they differ. This file owns the field list and how each field is compared.

import { profileFile } from '../../src/files/index.js';
import { isProfileError } from '../../src/profile/index.js';
import type { Summary } from '../../src/profile/types.js';
import { type DuckDbOracle, duckTypeToOurs } from '../oracle/duckdbOracle.js';

/** What one file holds, as decided by looking at it. Optional fields are not compared. */
export interface Expectation {
  file: string;
  /** How it was decided, in one line. */
  note: string;
  /** The error code the file must end with; no other field is stated then. */
  error?: string;
  delimiter?: string;
  /** '' when the file has no quote character (quotes are not used consistently). */
  quote?: string;
  header?: boolean;
  rows?: number;
  columns?: number;
  /** Column names, for files with a header. */
  names?: string[];
  types?: string[];
  decimal?: '.' | ',';
  /** Informative: the encoding the text is in ('mixed': UTF-8 with Windows-1252 lines). */
  encoding?: string;
  /** Missing values of some columns, by name (null tokens that are data). */
  missing?: Record<string, number>;
  /** Mean string length of some columns, by name (wrongly decoded text is longer). */
  meanLength?: Record<string, number>;
}

/** The compared fields, in report order. */
export const FIELDS = [
  'error',
  'delimiter',
  'quote',
  'header',
  'rows',
  'columns',
  'names',
  'types',
  'decimal',
  'missing',
  'meanLength',
] as const;
export type Field = (typeof FIELDS)[number];

/** The values a tool produced for the compared fields. */
export type Facts = Partial<Record<Field, unknown>>;

/** The fields an expectation states (an expected error states only `error`). */
export function fieldsOf(e: Expectation): Field[] {
  if (e.error !== undefined) return ['error'];
  return ['error', ...FIELDS.filter((f) => f !== 'error' && e[f] !== undefined)];
}

/** The expected value of a field (`error` is null when the file must be profiled). */
export function expectedValue(e: Expectation, field: Field): unknown {
  return field === 'error' ? (e.error ?? null) : e[field];
}

const LENGTH_TOLERANCE = 1e-9;

/** True when `actual` matches the expectation's value of `field`. */
export function agrees(e: Expectation, field: Field, actual: unknown): boolean {
  const expected = expectedValue(e, field);
  if (field === 'meanLength') {
    const want = expected as Record<string, number>;
    const got = (actual ?? {}) as Record<string, number | undefined>;
    return Object.entries(want).every(
      ([k, v]) => got[k] !== undefined && Math.abs(got[k]! - v) <= LENGTH_TOLERANCE * v,
    );
  }
  return JSON.stringify(actual) === JSON.stringify(expected);
}

/** The stated fields where `facts` disagree with the expectation. */
export function differences(e: Expectation, facts: Facts): Field[] {
  return fieldsOf(e).filter((f) => !agrees(e, f, facts[f]));
}

/** The columns named in `wanted`, picked from `byName` (undefined when a column is absent). */
function pick<T>(wanted: Record<string, unknown> | undefined, byName: Map<string, T>) {
  if (wanted === undefined) return undefined;
  return Object.fromEntries(Object.keys(wanted).map((k) => [k, byName.get(k)]));
}

/** The profiler's facts from a summary (or from the error it threw). */
export function profilerFacts(e: Expectation, result: Summary | { error: string }): Facts {
  if ('error' in result) return { error: result.error };
  const byName = new Map(result.columns.map((c) => [c.name, c]));
  const missing = new Map([...byName].map(([k, c]) => [k, c.missing]));
  const meanLength = new Map([...byName].map(([k, c]) => [k, c.string?.mean_length]));
  return {
    error: null,
    delimiter: result.dialect.delimiter,
    quote: result.dialect.quote,
    header: result.dialect.header,
    rows: result.row_count,
    columns: result.column_count,
    names: result.columns.map((c) => c.name),
    types: result.columns.map((c) => c.type),
    decimal: result.dialect.decimal,
    missing: pick(e.missing, missing),
    meanLength: pick(e.meanLength, meanLength),
  };
}

/** Profiles a file; a profile error becomes `{ error: code }`. */
export async function profile(path: string): Promise<Summary | { error: string }> {
  try {
    return await profileFile(path);
  } catch (error) {
    if (isProfileError(error)) return { error: error.code };
    throw error;
  }
}

const quoteString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * DuckDB's facts: its sniffer's dialect and columns (sniff_csv) and the rows read_csv returns
 * with them. DuckDB reports no quote as '(empty)', and no missing-value or string-length
 * figures that mean the same as ours, so `missing` and `meanLength` are not compared for it.
 */
export async function duckdbFacts(oracle: DuckDbOracle, path: string): Promise<Facts> {
  const file = quoteString(path);
  try {
    const [sniff] = await oracle.rows(
      `SELECT Delimiter AS d, Quote AS q, HasHeader AS h, Columns AS c FROM sniff_csv(${file})`,
    );
    const [count] = await oracle.rows(`SELECT count(*) AS n FROM read_csv(${file})`);
    const columns = (sniff!.c as { name: string; type: string }[]) ?? [];
    const quote = String(sniff!.q);
    return {
      error: null,
      delimiter: String(sniff!.d),
      quote: quote === '(empty)' ? '' : quote,
      header: sniff!.h === true,
      rows: Number(count!.n),
      columns: columns.length,
      names: columns.map((c) => c.name),
      types: columns.map((c) => duckTypeToOurs(c.type)),
      decimal: '.',
    };
  } catch (error) {
    return { error: `DuckDB: ${String(error).split('\n')[0]!.slice(0, 120)}` };
  }
}

/** The fields DuckDB is compared on. */
export function duckdbFieldsOf(e: Expectation): Field[] {
  return fieldsOf(e).filter((f) => f !== 'missing' && f !== 'meanLength');
}
