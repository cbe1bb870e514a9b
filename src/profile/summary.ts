import { DEFAULTS } from './constants.js';
import { candidateOf, chooseType, temporalFormat } from './infer/chooseType.js';
import { DATE_SLOT_BY_FORMAT, DateSlot } from './infer/constants.js';
import { columnIssues } from './issues/columnIssues.js';
import { fileIssues } from './issues/fileIssues.js';
import { pct } from './issues/issue.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { ExactDistribution } from './sketch/ExactDistribution.js';
import { ColumnState } from './state/ColumnState.js';
import type { LiveState } from './state/LiveState.js';
import { RowDuplicates } from './state/RowDuplicates.js';
import type { ProfileState } from './state/types.js';
import {
  type ColumnProfile,
  ColumnType,
  type Issue,
  type LegacyNumericStats,
  type NumericStats,
  type ProfileOptions,
  SUMMARY_VERSION,
  type Summary,
} from './types.js';

const DAY_MS = 86_400_000;

/** Statistics that overflow doubles (e.g. the sum of values near 1e308) are reported as null. */
function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
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
  const issues: Issue[] = fileIssues(state);

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
      duplicate_rows: state.duplicates.duplicates(),
      duplicate_rows_estimated: state.duplicates.estimated,
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

  issues.push(
    ...columnIssues({
      col,
      profile,
      rows,
      invalid,
      invalidLines,
      mixedDates,
      dateFormat: choice.dateFormat,
      valueTokens,
    }),
  );
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
