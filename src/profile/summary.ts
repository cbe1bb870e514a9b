import { DEFAULTS } from './constants.js';
import { candidateOf, chooseType, temporalFormat } from './infer/chooseType.js';
import { DATE_SLOT_BY_FORMAT, DateSlot } from './infer/constants.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { ExactDistribution } from './sketch/ExactDistribution.js';
import { ColumnState } from './state/ColumnState.js';
import type { LiveState } from './state/LiveState.js';
import { RowDuplicates } from './state/RowDuplicates.js';
import type { ProfileState } from './state/types.js';
import {
  type ColumnProfile,
  ColumnType,
  DateFormat,
  type Issue,
  IssueCode,
  type LegacyNumericStats,
  type NumericStats,
  type ProfileOptions,
  type Severity,
  SUMMARY_VERSION,
  type Summary,
} from './types.js';

const DAY_MS = 86_400_000;

/** Statistics that overflow doubles (e.g. the sum of values near 1e308) are reported as null. */
function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}

/**
 * Percentage rounded to 2 decimals (0 when the base is 0), at most 100: a base of lines counts
 * the last record's quoted line breaks only when a line break ends it.
 */
function pct(count: number, of: number): number {
  return of === 0 ? 0 : Math.min(100, Math.round((count / of) * 10_000) / 100);
}

function issue(
  code: IssueCode,
  severity: Severity,
  count: number,
  of: number,
  sampleLines: readonly number[],
  message: string,
  column?: string,
): Issue {
  const out: Issue = {
    code,
    severity,
    count,
    percentage: pct(count, of),
    sample_lines: [...sampleLines],
    message,
  };
  if (column !== undefined) out.column = column;
  return out;
}

function isoDay(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Rebuilds the column states of a serialized {@link ProfileState}. */
export function hydrateState(state: ProfileState, o: ResolvedOptions): LiveState {
  const colOptions = { exactDistinctLimit: o.exactDistinctLimit, sampleLines: o.sampleLines };
  return {
    ...state,
    duplicates: RowDuplicates.fromJSON(state.duplicates, o.sampleLines),
    columns: state.columns.map((json) => ColumnState.fromJSON(json, colOptions)),
  };
}

/** Builds the summary of a serialized (e.g. merged) {@link ProfileState}. */
export function summarizeState(state: ProfileState, options: ProfileOptions = {}): Summary {
  const o = resolveOptions(options);
  return buildSummary(hydrateState(state, o), o);
}

/** Turns the finished accumulators of a profile into the summary JSON. */
export function buildSummary(state: LiveState, o: ResolvedOptions): Summary {
  const rows = state.rows;
  const issues: Issue[] = [];

  // File-level issues first.
  const fallback = state.fallbackLines;
  if (fallback.count > 0) {
    const first = fallback.lines.length > 0 ? ` (from line ${fallback.lines[0]})` : '';
    issues.push(
      issue(
        IssueCode.encoding_fallback,
        'warning',
        fallback.count,
        state.lines,
        fallback.lines,
        `${fallback.count} line(s) are not valid UTF-8${first}; each was decoded as Windows-1252, the other lines as UTF-8`,
      ),
    );
  }
  const controls = state.controlCharacters;
  if (controls.count > 0) {
    issues.push(
      issue(
        IssueCode.control_characters,
        'warning',
        controls.count,
        state.textBytes,
        controls.lines,
        `${controls.count} control character(s) (NUL or other C0 codes but tab and line breaks) in the text; kept in the values`,
      ),
    );
  }
  if (state.rawHeader === null) {
    issues.push(
      issue(
        IssueCode.no_header,
        'info',
        state.columns.length,
        0,
        [],
        'No header row detected; columns are named column_1..column_N',
      ),
    );
  } else {
    const raw = state.rawHeader;
    const blank = raw.map((v, i) => (v.trim() === '' ? i : -1)).filter((i) => i >= 0);
    if (blank.length > 0) {
      issues.push(
        issue(
          IssueCode.blank_header,
          'warning',
          blank.length,
          0,
          [1],
          `Blank column name(s) at position ${blank.map((i) => i + 1).join(', ')} renamed column_N`,
        ),
      );
    }
    const names = state.headerNames!;
    const renamed = names.filter((n, i) => n !== raw[i]!.trim() && raw[i]!.trim() !== '');
    if (renamed.length > 0) {
      issues.push(
        issue(
          IssueCode.duplicate_header,
          'warning',
          renamed.length,
          0,
          [1],
          `Duplicate column name(s) made unique: ${renamed.join(', ')}`,
        ),
      );
    }
  }
  if (rows === 0) {
    issues.push(
      issue(IssueCode.no_data_rows, 'warning', 0, 0, [], 'The file has a header but no data rows'),
    );
  }
  if (state.tooMany > 0) {
    issues.push(
      issue(
        IssueCode.too_many_fields,
        'warning',
        state.tooMany,
        rows,
        state.tooManyLines,
        `${state.tooMany} row(s) have more than ${state.columns.length} fields; extra fields ignored`,
      ),
    );
  }
  if (state.tooFew > 0) {
    issues.push(
      issue(
        IssueCode.too_few_fields,
        'warning',
        state.tooFew,
        rows,
        state.tooFewLines,
        `${state.tooFew} row(s) have fewer than ${state.columns.length} fields; absent fields counted missing`,
      ),
    );
  }
  const malformed = state.malformedQuotes;
  if (malformed.count > 0) {
    const quote = state.dialect.quote;
    const message =
      quote === ''
        ? `Quotes are not used consistently: ${malformed.count} quoted field(s) in the sniffed sample never close or run across lines into more text; the file is read without a quote character`
        : `${malformed.count} row(s) have a field quoted with ${quote} and followed by more text (as in ${quote}a${quote}b): read as one value, quotes removed; a quote that is not meant as one swallows line breaks and delimiters (profile with quote none)`;
    issues.push(
      issue(
        IssueCode.malformed_quotes,
        'warning',
        malformed.count,
        state.lines,
        malformed.lines,
        message,
      ),
    );
  }
  const comments = state.commentLines;
  if (comments.count > 0) {
    issues.push(
      issue(
        IssueCode.comment_lines,
        'info',
        comments.count,
        state.lines,
        comments.lines,
        `${comments.count} comment line(s) starting with # skipped`,
      ),
    );
  }
  const preamble = state.skippedPreamble;
  if (preamble.count > 0) {
    issues.push(
      issue(
        IssueCode.skipped_preamble,
        'info',
        preamble.count,
        state.lines,
        preamble.lines,
        `${preamble.count} line(s) above the ${state.dialect.header ? 'header' : 'table'} skipped: a preamble whose width disagrees with the table's (a title, or counts such as "150,4,...")`,
      ),
    );
  }
  if (state.blankRows > 0) {
    issues.push(
      issue(
        IssueCode.blank_rows,
        'info',
        state.blankRows,
        rows + state.blankRows,
        state.blankLines,
        `${state.blankRows} blank line(s) skipped`,
      ),
    );
  }
  const dedupe = state.duplicates;
  const duplicateRows = dedupe.duplicates();
  if (duplicateRows > 0) {
    issues.push(
      issue(
        IssueCode.duplicate_rows,
        'warning',
        duplicateRows,
        rows,
        dedupe.lines,
        `${duplicateRows} row(s) repeat an earlier row${dedupe.estimated ? ' (estimated)' : ''}`,
      ),
    );
  }

  const columns: ColumnProfile[] = [];
  const schema: Summary['schema'] = {};
  const statistics: Summary['statistics'] = {};
  const missingValues: Record<string, number> = {};
  const invalidValues: Record<string, number> = {};

  state.columns.forEach((col, index) => {
    const profile = profileColumn(col, index, rows, o, issues, state.valueTokens[index] ?? []);
    columns.push(profile);
    schema[profile.name] = profile.type;
    if (profile.missing > 0) missingValues[profile.name] = profile.missing;
    if (profile.invalid > 0) invalidValues[profile.name] = profile.invalid;
    if (profile.numeric !== undefined) {
      const legacy: LegacyNumericStats = {
        min: profile.numeric.min,
        max: profile.numeric.max,
        avg: profile.numeric.mean ?? 0,
        count: profile.count - profile.invalid,
      };
      statistics[profile.name] = legacy;
    }
  });

  return {
    summary_version: SUMMARY_VERSION,
    file_name: state.fileName,
    row_count: rows,
    column_count: state.columns.length,
    encoding: state.encoding,
    dialect: state.dialect,
    schema,
    statistics,
    quality_issues: {
      total_rows: rows,
      missing_values: missingValues,
      invalid_values: invalidValues,
      has_issues: issues.some((i) => i.severity !== 'info'),
      issues,
    },
    columns,
    dataset: {
      rows,
      columns: state.columns.length,
      bytes: state.bytes,
      blank_rows: state.blankRows,
      duplicate_rows: duplicateRows,
      duplicate_rows_estimated: dedupe.estimated,
      too_many_fields_rows: state.tooMany,
      too_few_fields_rows: state.tooFew,
    },
  };
}

function profileColumn(
  col: ColumnState,
  index: number,
  rows: number,
  o: ResolvedOptions,
  issues: Issue[],
  valueTokens: readonly string[],
): ColumnProfile {
  const name = col.name;
  const fit = col.fit;
  const count = fit.nonNull;
  const choice = chooseType(fit, o.typeThreshold);
  const type = choice.type;
  const candidate = candidateOf(type);

  // Values that fit none of the chosen type's forms.
  let invalid = 0;
  let mixedDates = 0;
  if (type === ColumnType.date) {
    const anyDate =
      fit.dateIso + fit.dateUs + fit.dateEu - fit.dateAmbiguous + fit.dateYmdSlash + fit.dateDot;
    invalid = count - anyDate;
    mixedDates = anyDate - choice.fitted;
  } else if (candidate >= 0) {
    invalid = count - choice.fitted;
  }
  const invalidLines = candidate >= 0 && invalid > 0 ? col.invalidLines[candidate]! : [];

  const profile: ColumnProfile = {
    name,
    index,
    type,
    count,
    missing: col.missing,
    missing_pct: pct(col.missing, rows),
    invalid,
    invalid_sample_lines: [...invalidLines],
    distinct: col.frequencies.distinct(),
    distinct_estimated: col.frequencies.estimated,
    top: col.frequencies.top(DEFAULTS.topValues),
    top_estimated: col.frequencies.estimated,
  };
  if (valueTokens.length > 0) profile.null_tokens_as_values = [...valueTokens];

  if (type === ColumnType.int || type === ColumnType.float) {
    profile.numeric = numericStats(col, type);
  } else if (type === ColumnType.string && count > 0) {
    profile.string = {
      min_length: col.lengthMin,
      max_length: col.lengthMax,
      mean_length: col.lengthSum / count,
    };
  } else if (type === ColumnType.date || type === ColumnType.datetime) {
    // The chosen slash form stands for all slash dates; the other forms count as themselves.
    const chosen = DATE_SLOT_BY_FORMAT[choice.dateFormat!];
    const slots = [DateSlot.iso, DateSlot.ymdSlash, DateSlot.dot, chosen];
    if (chosen !== DateSlot.us && chosen !== DateSlot.eu) {
      const euOnly = fit.dateEu + fit.timeEu - fit.dateAmbiguous - fit.timeAmbiguous;
      slots.push(euOnly > 0 ? DateSlot.eu : DateSlot.us);
    }
    // Dates by their days; datetimes (dates among them, at midnight) by their milliseconds.
    const date = type === ColumnType.date;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of slots) {
      min = Math.min(min, date ? col.dayMin[s]! : col.msMin[s]!);
      max = Math.max(max, date ? col.dayMax[s]! : col.msMax[s]!);
    }
    profile.date = {
      min: date ? isoDay(min) : new Date(min).toISOString(),
      max: date ? isoDay(max) : new Date(max).toISOString(),
      format: temporalFormat(choice, fit),
      ambiguous: choice.ambiguousDate,
    };
  } else if (type === ColumnType.boolean) {
    profile.boolean = { true_count: col.trueCount, false_count: col.falseCount };
  }

  // Column issues.
  if (valueTokens.length > 0) {
    const list = valueTokens.map((t) => `"${t}"`).join(', ');
    issues.push(
      issue(
        IssueCode.null_token_as_value,
        'info',
        valueTokens.length,
        0,
        [],
        `Column "${name}" holds codes of the shape of ${list}: read as value(s), not as missing (as NA for Namibia or North America)`,
        name,
      ),
    );
  }
  if (count === 0 && rows > 0) {
    issues.push(
      issue(
        IssueCode.all_missing,
        'warning',
        col.missing,
        rows,
        col.missingLines,
        `Column "${name}" has no values`,
        name,
      ),
    );
  } else if (col.missing > 0) {
    issues.push(
      issue(
        IssueCode.missing_values,
        'warning',
        col.missing,
        rows,
        col.missingLines,
        `Column "${name}" is missing ${col.missing} value(s)`,
        name,
      ),
    );
  }
  if (invalid > 0) {
    issues.push(
      issue(
        IssueCode.invalid_values,
        'warning',
        invalid,
        rows,
        invalidLines,
        `Column "${name}" (${type}) has ${invalid} value(s) that are not ${type}`,
        name,
      ),
    );
  }
  if (mixedDates > 0) {
    const format = choice.dateFormat ?? DateFormat.iso;
    issues.push(
      issue(
        IssueCode.mixed_date_formats,
        'warning',
        mixedDates,
        rows,
        [],
        `Column "${name}" mixes date formats; ${mixedDates} value(s) are not ${format}`,
        name,
      ),
    );
  }
  if (type === ColumnType.string && fit.leadingZero > 0) {
    issues.push(
      issue(
        IssueCode.leading_zeros,
        'info',
        fit.leadingZero,
        rows,
        col.leadingZeroLines,
        `Column "${name}" has numbers with leading zeros (codes such as 007); kept as text`,
        name,
      ),
    );
  }
  if (col.whitespace > 0) {
    issues.push(
      issue(
        IssueCode.whitespace,
        'info',
        col.whitespace,
        rows,
        col.whitespaceLines,
        `Column "${name}" has ${col.whitespace} value(s) with leading or trailing whitespace`,
        name,
      ),
    );
  }
  if (profile.distinct === 1 && count > 1 && !col.frequencies.estimated) {
    issues.push(
      issue(
        IssueCode.constant_column,
        'info',
        count,
        rows,
        [],
        `Column "${name}" has a single value`,
        name,
      ),
    );
  }
  if (profile.numeric !== undefined && profile.numeric.outliers > 0) {
    issues.push(
      issue(
        IssueCode.outliers,
        'info',
        profile.numeric.outliers,
        rows,
        [],
        `Column "${name}" has about ${profile.numeric.outliers} value(s) outside the Tukey fences (1.5 IQR)`,
        name,
      ),
    );
  }
  return profile;
}

/**
 * The column's numbers exactly, while its exact frequency table holds every one of them (the
 * counts of its number values add up to the column's numbers), else null.
 */
function exactDistribution(col: ColumnState): ExactDistribution | null {
  const numbers = col.frequencies.exactNumbers();
  if (numbers === null) return null;
  const exact = new ExactDistribution(numbers.values, numbers.counts);
  return exact.count === col.moments.n ? exact : null;
}

function numericStats(col: ColumnState, type: ColumnType): NumericStats {
  const m = col.moments;
  // Low-cardinality columns are answered from their exact table, the others from the sketch.
  const q = exactDistribution(col) ?? col.quantiles;
  const quantile = (p: number): number => q.quantile(p);
  const quantiles = {
    p1: quantile(0.01),
    p5: quantile(0.05),
    p25: quantile(0.25),
    p50: quantile(0.5),
    p75: quantile(0.75),
    p95: quantile(0.95),
    p99: quantile(0.99),
  };
  const min = m.min ?? 0;
  const max = m.max ?? 0;
  // Quantile sketch values are approximate: clamp them into the exact range.
  // Integer columns get integer quantiles (the sketch's value is within 0.5% of one).
  for (const key of Object.keys(quantiles) as (keyof typeof quantiles)[]) {
    const v = Math.min(max, Math.max(min, quantiles[key]));
    quantiles[key] = type === ColumnType.int ? Math.round(v) : v;
  }
  const iqr = quantiles.p75 - quantiles.p25;
  const outliers =
    iqr > 0 ? q.countOutside(quantiles.p25 - 1.5 * iqr, quantiles.p75 + 1.5 * iqr) : 0;
  let bins: number = DEFAULTS.histogramBins;
  if (type === ColumnType.int) bins = Math.max(1, Math.min(bins, max - min + 1));
  const exact = (value: number, big: bigint | null): string =>
    big !== null && Number(big) === value ? big.toString() : String(value);
  return {
    min,
    max,
    min_exact: exact(min, col.minBig),
    max_exact: exact(max, col.maxBig),
    sum: finiteOrNull(m.sum),
    mean: finiteOrNull(m.mean ?? 0),
    stddev: finiteOrNull(m.stddev),
    zeros: col.zeros,
    negatives: col.negatives,
    quantiles,
    // A range too wide for doubles (|max - min| overflows) gets one bin.
    histogram:
      min === max || !Number.isFinite(max - min)
        ? [{ lower: min, upper: max, count: m.n }]
        : q.histogram(min, max, bins),
    outliers: Math.round(outliers),
  };
}
