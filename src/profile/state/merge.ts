import { lineEnding } from '../lineEnding.js';
import { resolveOptions } from '../options.js';
import type { ProfileOptions } from '../types.js';
import { ColumnState } from './ColumnState.js';
import { mergeExactDuplicates } from './mergeExactDuplicates.js';
import { RowDuplicates } from './RowDuplicates.js';
import type { LineCount, ProfileState } from './types.js';

/** Combines the state of a file's first part with the state of the rows that follow it. */
export function mergeStates(
  a: ProfileState,
  b: ProfileState,
  options: ProfileOptions = {},
): ProfileState {
  const o = resolveOptions(options);
  if (a.columns.length !== b.columns.length) {
    throw new RangeError(
      `Cannot merge profiles of ${a.columns.length} and ${b.columns.length} columns`,
    );
  }
  const colOptions = { exactDistinctLimit: o.exactDistinctLimit, sampleLines: o.sampleLines };
  const columns = a.columns.map((json, i) => {
    const col = ColumnState.fromJSON(json, colOptions);
    col.merge(ColumnState.fromJSON(b.columns[i]!, colOptions));
    return col.toJSON();
  });
  const take = (x: number[], y: number[]): number[] => [...x, ...y].slice(0, o.sampleLines);
  const add = (x: LineCount, y: LineCount): LineCount => ({
    count: x.count + y.count,
    lines: take(x.lines, y.lines),
  });
  let duplicates = mergeExactDuplicates(
    a.duplicates,
    b.duplicates,
    o.sampleLines,
    o.duplicateRowLimit,
  );
  if (duplicates === null) {
    const dedupe = RowDuplicates.fromJSON(a.duplicates, o.sampleLines);
    dedupe.merge(RowDuplicates.fromJSON(b.duplicates, o.sampleLines), o.duplicateRowLimit);
    duplicates = dedupe.toJSON();
  }
  const lineEndings = {
    lf: a.lineEndings.lf + b.lineEndings.lf,
    crlf: a.lineEndings.crlf + b.lineEndings.crlf,
    cr: a.lineEndings.cr + b.lineEndings.cr,
  };
  return {
    ...a,
    bytes: a.bytes + b.bytes,
    textBytes: a.textBytes + b.textBytes,
    lines: a.lines + b.lines,
    encoding: {
      ...a.encoding,
      fallback_from_line: a.encoding.fallback_from_line ?? b.encoding.fallback_from_line,
      name: a.encoding.fallback_from_line === null ? b.encoding.name : a.encoding.name,
    },
    fallbackLines: add(a.fallbackLines, b.fallbackLines),
    controlCharacters: add(a.controlCharacters, b.controlCharacters),
    dialect: { ...a.dialect, line_ending: lineEnding(lineEndings) },
    rows: a.rows + b.rows,
    blankRows: a.blankRows + b.blankRows,
    blankLines: take(a.blankLines, b.blankLines),
    tooMany: a.tooMany + b.tooMany,
    tooManyLines: take(a.tooManyLines, b.tooManyLines),
    tooFew: a.tooFew + b.tooFew,
    tooFewLines: take(a.tooFewLines, b.tooFewLines),
    malformedQuotes: add(a.malformedQuotes, b.malformedQuotes),
    commentLines: add(a.commentLines, b.commentLines),
    skippedPreamble: add(a.skippedPreamble, b.skippedPreamble),
    lineEndings,
    valueTokens: a.valueTokens.map((t, c) => [...new Set([...t, ...(b.valueTokens[c] ?? [])])]),
    duplicates,
    columns,
  };
}
