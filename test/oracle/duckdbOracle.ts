import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ColumnProfile, ColumnType, Summary } from '../../src/profile/types.js';

/** The profiler's default null tokens (issue 2), besides the empty string. */
export const NULL_TOKENS = ['NA', 'N/A', 'null', 'NULL', 'None', 'NaN', 'nan', '-'] as const;

/** Relative tolerance for min/max/mean/stddev. */
export const STAT_TOLERANCE = 1e-9;
/** Relative (value) or rank tolerance for the sketch quantiles. */
export const QUANTILE_TOLERANCE = 0.01;

const QUANTILE_KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

// The profiler's number grammar: [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?,
// after trimming spaces and tabs. DuckDB's TRY_CAST alone is more lenient ('inf', '0x10',
// '1_000', and '3.5' -> BIGINT 4), so the oracle filters by this grammar first and lets DuckDB
// compute the statistics over exactly the values the profiler counts as numbers.
const NUMBER_RE = String.raw`[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?`;
const INT_RE = '[+-]?[0-9]+';
const ISO_DATE_RE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const ISO_DATETIME_RE = '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*';
const TRIM = 'trim(s, chr(32) || chr(9))';

/** A CSV loaded into DuckDB twice: natively typed (its sniffer) and all VARCHAR. */
export interface LoadedCsv {
  table: string;
  rowCount: number;
  header: boolean;
  /** Column names as DuckDB reads them, by position. */
  names: string[];
  /** DuckDB's own sniffed type per column, by position. */
  nativeTypes: string[];
}

/** What DuckDB computes for one column of the all-VARCHAR table. */
export interface ColumnFacts {
  name: string;
  nativeType: string;
  /** NULL, empty or a null token. */
  missing: number;
  /** Missing because of a null token (not NULL or empty). */
  tokenMissing: number;
  /** Non-missing values in the profiler's number grammar. */
  numeric: {
    n: number;
    min: number | null;
    max: number | null;
    mean: number | null;
    stddev: number | null;
    quantiles: number[];
    lower: number[];
    upper: number[];
  };
  /** Exact min/max of the integer-syntax values (HUGEINT), as decimal strings. */
  intMinExact: string | null;
  intMaxExact: string | null;
  trueCount: number;
  falseCount: number;
  isoDateMin: string | null;
  isoDateMax: string | null;
  /** Share of the non-missing values that look like ISO 8601 datetimes. */
  isoDatetimeShare: number;
}

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const quoteString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** An in-memory DuckDB on one thread. */
export class DuckDbOracle {
  private tables = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Opens an in-memory database. */
  static async open(): Promise<DuckDbOracle> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    return new DuckDbOracle(instance, await instance.connect());
  }

  /** Runs SQL and returns rows as plain JS values. */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  }

  /** DuckDB's version string. */
  async version(): Promise<string> {
    const [row] = await this.rows('SELECT version() AS v');
    return String(row?.v);
  }

  /** Loads a CSV with DuckDB's sniffer (types, header) and again as all VARCHAR. */
  async load(path: string): Promise<LoadedCsv> {
    const file = quoteString(path);
    const [sniff] = await this.rows(`SELECT HasHeader AS h FROM sniff_csv(${file})`);
    const header = sniff?.h === true;
    const described = await this.rows(`DESCRIBE SELECT * FROM read_csv(${file})`);
    const table = `t${++this.tables}`;
    await this.rows(
      `CREATE TEMP TABLE ${table} AS SELECT * FROM read_csv(${file}, all_varchar = true, header = ${header})`,
    );
    const names = (await this.rows(`DESCRIBE ${table}`)).map((r) => String(r.column_name));
    const [count] = await this.rows(`SELECT count(*) AS n FROM ${table}`);
    return {
      table,
      rowCount: Number(count?.n),
      header,
      names,
      nativeTypes: described.map((r) => String(r.column_type)),
    };
  }

  /** Computes the facts of column `index` of a loaded CSV. */
  async facts(csv: LoadedCsv, index: number): Promise<ColumnFacts> {
    const name = csv.names[index]!;
    const tokens = NULL_TOKENS.map(quoteString).join(', ');
    const v = `(SELECT ${quoteIdent(name)} AS s FROM ${csv.table})`;
    const present = `s IS NOT NULL AND ${TRIM} <> '' AND ${TRIM} NOT IN (${tokens})`;
    const [basic] = await this.rows(`
      SELECT
        count(*) FILTER (WHERE NOT (${present})) AS missing,
        count(*) FILTER (WHERE s IS NOT NULL AND ${TRIM} IN (${tokens})) AS token_missing,
        count(*) FILTER (WHERE ${present} AND lower(${TRIM}) IN ('true', 'yes', 't', 'y')) AS t,
        count(*) FILTER (WHERE ${present} AND lower(${TRIM}) IN ('false', 'no', 'f', 'n')) AS f,
        min(TRY_CAST(${TRIM} AS DATE)) FILTER (WHERE regexp_full_match(${TRIM}, '${ISO_DATE_RE}'))::VARCHAR AS dmin,
        max(TRY_CAST(${TRIM} AS DATE)) FILTER (WHERE regexp_full_match(${TRIM}, '${ISO_DATE_RE}'))::VARCHAR AS dmax,
        count(*) FILTER (WHERE ${present} AND regexp_full_match(${TRIM}, '${ISO_DATETIME_RE}')) AS dt,
        count(*) FILTER (WHERE ${present}) AS present,
        min(TRY_CAST(${TRIM} AS HUGEINT)) FILTER (WHERE regexp_full_match(${TRIM}, '${INT_RE}'))::VARCHAR AS imin,
        max(TRY_CAST(${TRIM} AS HUGEINT)) FILTER (WHERE regexp_full_match(${TRIM}, '${INT_RE}'))::VARCHAR AS imax
      FROM ${v}`);
    const list = (qs: number[]) => `[${qs.map((q) => q.toFixed(2)).join(', ')}]`;
    const [stats] = await this.rows(`
      WITH n AS (
        SELECT TRY_CAST(${TRIM} AS DOUBLE) AS x FROM ${v}
        WHERE ${present} AND regexp_full_match(${TRIM}, '${NUMBER_RE}')
      )
      SELECT count(x) AS n, min(x) AS mn, max(x) AS mx, avg(x) AS mean, stddev_samp(x) AS sd,
        quantile_disc(x, ${list(QUANTILES)}) AS q,
        quantile_disc(x, ${list(QUANTILES.map((q) => Math.max(0, q - QUANTILE_TOLERANCE)))}) AS lo,
        quantile_disc(x, ${list(QUANTILES.map((q) => Math.min(1, q + QUANTILE_TOLERANCE)))}) AS hi
      FROM n`);
    const b = basic!;
    const s = stats!;
    const present_ = Number(b.present);
    return {
      name,
      nativeType: csv.nativeTypes[index]!,
      missing: Number(b.missing),
      tokenMissing: Number(b.token_missing),
      numeric: {
        n: Number(s.n),
        min: num(s.mn),
        max: num(s.mx),
        mean: num(s.mean),
        stddev: num(s.sd),
        quantiles: ((s.q as unknown[] | null) ?? []).map(Number),
        lower: ((s.lo as unknown[] | null) ?? []).map(Number),
        upper: ((s.hi as unknown[] | null) ?? []).map(Number),
      },
      intMinExact: (b.imin as string | null) ?? null,
      intMaxExact: (b.imax as string | null) ?? null,
      trueCount: Number(b.t),
      falseCount: Number(b.f),
      isoDateMin: (b.dmin as string | null) ?? null,
      isoDateMax: (b.dmax as string | null) ?? null,
      isoDatetimeShare: present_ === 0 ? 0 : Number(b.dt) / present_,
    };
  }

  /** Closes the connection and the database. */
  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** Our column type for a DuckDB type name. */
export function duckTypeToOurs(duckType: string): ColumnType {
  const t = duckType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t)) {
    return 'int';
  }
  if (/^(FLOAT|DOUBLE|DECIMAL.*)$/.test(t)) return 'float';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'datetime';
  return 'string';
}

/**
 * Why our type differs from DuckDB's sniffed type, for the differences made on purpose; null
 * when the difference is not one of them (a bug on one side).
 */
export function explainTypeDifference(
  col: ColumnProfile,
  facts: ColumnFacts,
  summary: Summary,
): string | null {
  const duck = duckTypeToOurs(facts.nativeType);
  const ours = col.type;
  const numeric = ours === 'int' || ours === 'float';
  const hasIssue = (code: string): boolean =>
    summary.quality_issues.issues.some((i) => i.code === code && i.column === col.name);
  // DuckDB (like csvkit and the original) turns a column into VARCHAR on one 'N/A' or one bad
  // value; we count null tokens as missing and tolerate up to 5% invalid values (issue 2, 5.).
  if (numeric && duck === 'string' && (facts.tokenMissing > 0 || col.invalid > 0)) {
    return 'null tokens or a few invalid values: we keep the numeric type, DuckDB says VARCHAR';
  }
  // Codes such as 007 or zip codes lose their meaning as numbers: we keep them as strings.
  if (ours === 'string' && (duck === 'int' || duck === 'float') && hasIssue('leading_zeros')) {
    return 'leading-zero codes stay strings';
  }
  // We accept only ISO 8601 datetimes; DuckDB's sniffer also reads e.g. 2015/01/01 01:00:00.
  if (ours === 'string' && duck === 'datetime' && facts.isoDatetimeShare < 0.95) {
    return 'non-ISO datetimes stay strings';
  }
  // Slash and dot dates (MM/DD/YYYY, DD.MM.YYYY, ...) that DuckDB's sniffer did not pick.
  if (ours === 'date' && duck === 'string' && col.date?.format !== 'YYYY-MM-DD') {
    return 'a date format DuckDB did not sniff';
  }
  // yes/no, y/n are booleans to us, VARCHAR to DuckDB.
  if (ours === 'boolean' && duck === 'string') return 'yes/no style booleans';
  // No value at all: we say empty, DuckDB defaults an all-NULL column to VARCHAR.
  if (ours === 'empty' && duck === 'string' && col.count === 0) return 'all values missing';
  return null;
}

/** Relative closeness; `scale` widens the base for values that are near zero by cancellation. */
export function close(actual: number, expected: number, tolerance: number, scale = 0): boolean {
  if (actual === expected) return true;
  const base = Math.max(Math.abs(expected), scale);
  return Math.abs(actual - expected) <= tolerance * base;
}

/**
 * Compares our profile of a file with DuckDB's facts; returns readable mismatches (empty when
 * everything agrees).
 */
export function compareColumn(col: ColumnProfile, facts: ColumnFacts, summary: Summary): string[] {
  const out: string[] = [];
  const where = `column ${col.index} '${col.name}' (${col.type}, DuckDB ${facts.nativeType})`;
  const expectEq = (what: string, actual: unknown, expected: unknown): void => {
    if (actual !== expected)
      out.push(`${where}: ${what} ${String(actual)} != DuckDB ${String(expected)}`);
  };
  const expectClose = (
    what: string,
    actual: number | null | undefined,
    expected: number | null,
    scale = 0,
  ): void => {
    if (actual === null || actual === undefined || expected === null) {
      expectEq(what, actual ?? null, expected);
      return;
    }
    if (!close(actual, expected, STAT_TOLERANCE, scale)) {
      out.push(`${where}: ${what} ${actual} != DuckDB ${expected} (rel 1e-9)`);
    }
  };

  expectEq('missing', col.missing, facts.missing);

  const duckType = duckTypeToOurs(facts.nativeType);
  if (duckType !== col.type && explainTypeDifference(col, facts, summary) === null) {
    out.push(`${where}: type ${col.type} != DuckDB ${facts.nativeType}, with no documented reason`);
  }

  if (col.numeric) {
    const m = col.numeric;
    const f = facts.numeric;
    // Numeric statistics cover the values that fit the type: the non-missing minus the invalid.
    expectEq('numeric values (count - invalid)', col.count - col.invalid, f.n);
    expectClose('min', m.min, f.min);
    expectClose('max', m.max, f.max);
    // A mean near zero comes from cancellation: measure its error against the data's magnitude.
    const magnitude = Math.max(Math.abs(f.min ?? 0), Math.abs(f.max ?? 0));
    expectClose('mean', m.mean, f.mean, magnitude * 1e-3);
    expectClose('stddev', m.stddev, f.stddev);
    QUANTILE_KEYS.forEach((key, i) => {
      const ours = m.quantiles[key];
      const exact = f.quantiles[i];
      const lo = f.lower[i];
      const hi = f.upper[i];
      if (exact === undefined || lo === undefined || hi === undefined) return;
      // Within 1% of the value, or within 1% of rank (between quantile_disc at q -/+ 0.01).
      const ok = close(ours, exact, QUANTILE_TOLERANCE) || (ours >= lo && ours <= hi);
      if (!ok) out.push(`${where}: ${key} ${ours} not within 1% of DuckDB ${exact} [${lo}, ${hi}]`);
    });
    if (col.type === 'int' && facts.intMinExact !== null && facts.intMaxExact !== null) {
      expectEq('min_exact', m.min_exact, facts.intMinExact);
      expectEq('max_exact', m.max_exact, facts.intMaxExact);
    }
  }
  if (col.boolean) {
    expectEq('true_count', col.boolean.true_count, facts.trueCount);
    expectEq('false_count', col.boolean.false_count, facts.falseCount);
  }
  if (col.type === 'date' && col.date?.format === 'YYYY-MM-DD') {
    expectEq('date min', col.date.min, facts.isoDateMin);
    expectEq('date max', col.date.max, facts.isoDateMax);
  }
  return out;
}
