import type { LiveState } from '../state/LiveState.js';
import { type Issue, IssueCode } from '../types.js';
import { issue } from './issue.js';

/**
 * This file owns the file-level quality issues: one detector per issue, in the order the
 * summary lists them. To add one, write a detector and put it in {@link FILE_ISSUES}.
 */
export type FileIssueDetector = (state: LiveState) => Issue | readonly Issue[] | null;

const encodingFallback: FileIssueDetector = (state) => {
  const fallback = state.fallbackLines;
  if (fallback.count === 0) return null;
  const first = fallback.lines.length > 0 ? ` (from line ${fallback.lines[0]})` : '';
  return issue(
    IssueCode.encoding_fallback,
    'warning',
    fallback.count,
    state.lines,
    fallback.lines,
    `${fallback.count} line(s) are not valid UTF-8${first}; each was decoded as Windows-1252, the other lines as UTF-8`,
  );
};

const controlCharacters: FileIssueDetector = (state) => {
  const controls = state.controlCharacters;
  if (controls.count === 0) return null;
  return issue(
    IssueCode.control_characters,
    'warning',
    controls.count,
    state.textBytes,
    controls.lines,
    `${controls.count} control character(s) (NUL or other C0 codes but tab and line breaks) in the text; kept in the values`,
  );
};

/** no_header, or the header's blank and duplicate names. */
const header: FileIssueDetector = (state) => {
  if (state.rawHeader === null) {
    return issue(
      IssueCode.no_header,
      'info',
      state.columns.length,
      0,
      [],
      'No header row detected; columns are named column_1..column_N',
    );
  }
  const found: Issue[] = [];
  const raw = state.rawHeader;
  const blank = raw.map((v, i) => (v.trim() === '' ? i : -1)).filter((i) => i >= 0);
  if (blank.length > 0) {
    found.push(
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
    found.push(
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
  return found;
};

const noDataRows: FileIssueDetector = (state) =>
  state.rows === 0
    ? issue(IssueCode.no_data_rows, 'warning', 0, 0, [], 'The file has a header but no data rows')
    : null;

const tooManyFields: FileIssueDetector = (state) =>
  state.tooMany === 0
    ? null
    : issue(
        IssueCode.too_many_fields,
        'warning',
        state.tooMany,
        state.rows,
        state.tooManyLines,
        `${state.tooMany} row(s) have more than ${state.columns.length} fields; extra fields ignored`,
      );

const tooFewFields: FileIssueDetector = (state) =>
  state.tooFew === 0
    ? null
    : issue(
        IssueCode.too_few_fields,
        'warning',
        state.tooFew,
        state.rows,
        state.tooFewLines,
        `${state.tooFew} row(s) have fewer than ${state.columns.length} fields; absent fields counted missing`,
      );

const malformedQuotes: FileIssueDetector = (state) => {
  const malformed = state.malformedQuotes;
  if (malformed.count === 0) return null;
  const quote = state.dialect.quote;
  const message =
    quote === ''
      ? `Quotes are not used consistently: ${malformed.count} quoted field(s) in the sniffed sample never close or run across lines into more text; the file is read without a quote character`
      : `${malformed.count} row(s) have a field quoted with ${quote} and followed by more text (as in ${quote}a${quote}b): read as one value, quotes removed; a quote that is not meant as one swallows line breaks and delimiters (profile with quote none)`;
  return issue(
    IssueCode.malformed_quotes,
    'warning',
    malformed.count,
    state.lines,
    malformed.lines,
    message,
  );
};

const commentLines: FileIssueDetector = (state) => {
  const comments = state.commentLines;
  if (comments.count === 0) return null;
  return issue(
    IssueCode.comment_lines,
    'info',
    comments.count,
    state.lines,
    comments.lines,
    `${comments.count} comment line(s) starting with # skipped`,
  );
};

const skippedPreamble: FileIssueDetector = (state) => {
  const preamble = state.skippedPreamble;
  if (preamble.count === 0) return null;
  return issue(
    IssueCode.skipped_preamble,
    'info',
    preamble.count,
    state.lines,
    preamble.lines,
    `${preamble.count} line(s) above the ${state.dialect.header ? 'header' : 'table'} skipped: a preamble whose width disagrees with the table's (a title, or counts such as "150,4,...")`,
  );
};

const blankRows: FileIssueDetector = (state) =>
  state.blankRows === 0
    ? null
    : issue(
        IssueCode.blank_rows,
        'info',
        state.blankRows,
        state.rows + state.blankRows,
        state.blankLines,
        `${state.blankRows} blank line(s) skipped`,
      );

const duplicateRows: FileIssueDetector = (state) => {
  const dedupe = state.duplicates;
  const duplicates = dedupe.duplicates();
  if (duplicates === 0) return null;
  return issue(
    IssueCode.duplicate_rows,
    'warning',
    duplicates,
    state.rows,
    dedupe.lines,
    `${duplicates} row(s) repeat an earlier row${dedupe.estimated ? ' (estimated)' : ''}`,
  );
};

/** The file-level detectors, in the order their issues are listed (before the columns'). */
export const FILE_ISSUES: readonly FileIssueDetector[] = [
  encodingFallback,
  controlCharacters,
  header,
  noDataRows,
  tooManyFields,
  tooFewFields,
  malformedQuotes,
  commentLines,
  skippedPreamble,
  blankRows,
  duplicateRows,
];

/** Every file-level issue of a state, in order. */
export function fileIssues(state: LiveState): Issue[] {
  return FILE_ISSUES.flatMap((detect) => {
    const found = detect(state);
    return found === null ? [] : Array.isArray(found) ? [...found] : [found as Issue];
  });
}
