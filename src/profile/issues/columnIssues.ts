import type { ColumnState } from '../state/ColumnState.js';
import { type ColumnProfile, ColumnType, DateFormat, type Issue, IssueCode } from '../types.js';
import { issue } from './issue.js';

/**
 * This file owns the column quality issues: one detector per issue, in the order the summary
 * lists them for each column. To add one, write a detector and put it in
 * {@link COLUMN_ISSUES}.
 */

/** What the detectors read of one column once its profile is built. */
export interface ColumnFacts {
  col: ColumnState;
  profile: ColumnProfile;
  /** Data rows of the file. */
  rows: number;
  /** Values that fit none of the chosen type's forms, and their sample lines. */
  invalid: number;
  invalidLines: readonly number[];
  /** Dates of another form than the chosen one. */
  mixedDates: number;
  /** The chosen date form, for date columns. */
  dateFormat: DateFormat | undefined;
  /** Null tokens read as values in this column. */
  valueTokens: readonly string[];
}

export type ColumnIssueDetector = (facts: ColumnFacts) => Issue | null;

const nullTokenAsValue: ColumnIssueDetector = ({ profile, valueTokens }) => {
  if (valueTokens.length === 0) return null;
  const list = valueTokens.map((t) => `"${t}"`).join(', ');
  return issue(
    IssueCode.null_token_as_value,
    'info',
    valueTokens.length,
    0,
    [],
    `Column "${profile.name}" holds codes of the shape of ${list}: read as value(s), not as missing (as NA for Namibia or North America)`,
    profile.name,
  );
};

/** all_missing for a column without values, else missing_values. */
const missing: ColumnIssueDetector = ({ col, profile, rows }) => {
  const name = profile.name;
  if (profile.count === 0 && rows > 0) {
    return issue(
      IssueCode.all_missing,
      'warning',
      col.missing,
      rows,
      col.missingLines,
      `Column "${name}" has no values`,
      name,
    );
  }
  if (col.missing === 0) return null;
  return issue(
    IssueCode.missing_values,
    'warning',
    col.missing,
    rows,
    col.missingLines,
    `Column "${name}" is missing ${col.missing} value(s)`,
    name,
  );
};

const invalidValues: ColumnIssueDetector = ({ profile, rows, invalid, invalidLines }) =>
  invalid === 0
    ? null
    : issue(
        IssueCode.invalid_values,
        'warning',
        invalid,
        rows,
        invalidLines,
        `Column "${profile.name}" (${profile.type}) has ${invalid} value(s) that are not ${profile.type}`,
        profile.name,
      );

const mixedDateFormats: ColumnIssueDetector = ({ profile, rows, mixedDates, dateFormat }) =>
  mixedDates === 0
    ? null
    : issue(
        IssueCode.mixed_date_formats,
        'warning',
        mixedDates,
        rows,
        [],
        `Column "${profile.name}" mixes date formats; ${mixedDates} value(s) are not ${dateFormat ?? DateFormat.iso}`,
        profile.name,
      );

const leadingZeros: ColumnIssueDetector = ({ col, profile, rows }) =>
  profile.type !== ColumnType.string || col.fit.leadingZero === 0
    ? null
    : issue(
        IssueCode.leading_zeros,
        'info',
        col.fit.leadingZero,
        rows,
        col.leadingZeroLines,
        `Column "${profile.name}" has numbers with leading zeros (codes such as 007); kept as text`,
        profile.name,
      );

const whitespace: ColumnIssueDetector = ({ col, profile, rows }) =>
  col.whitespace === 0
    ? null
    : issue(
        IssueCode.whitespace,
        'info',
        col.whitespace,
        rows,
        col.whitespaceLines,
        `Column "${profile.name}" has ${col.whitespace} value(s) with leading or trailing whitespace`,
        profile.name,
      );

const constantColumn: ColumnIssueDetector = ({ col, profile, rows }) =>
  profile.distinct === 1 && profile.count > 1 && !col.frequencies.estimated
    ? issue(
        IssueCode.constant_column,
        'info',
        profile.count,
        rows,
        [],
        `Column "${profile.name}" has a single value`,
        profile.name,
      )
    : null;

const outliers: ColumnIssueDetector = ({ profile, rows }) =>
  profile.numeric === undefined || profile.numeric.outliers === 0
    ? null
    : issue(
        IssueCode.outliers,
        'info',
        profile.numeric.outliers,
        rows,
        [],
        `Column "${profile.name}" has about ${profile.numeric.outliers} value(s) outside the Tukey fences (1.5 IQR)`,
        profile.name,
      );

/** The column detectors, in the order their issues are listed for each column. */
export const COLUMN_ISSUES: readonly ColumnIssueDetector[] = [
  nullTokenAsValue,
  missing,
  invalidValues,
  mixedDateFormats,
  leadingZeros,
  whitespace,
  constantColumn,
  outliers,
];

/** Every issue of one column, in order. */
export function columnIssues(facts: ColumnFacts): Issue[] {
  return COLUMN_ISSUES.map((detect) => detect(facts)).filter((found) => found !== null);
}
