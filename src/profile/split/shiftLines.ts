import type { ProfileState } from '../state/types.js';

/**
 * The state of a piece with its line numbers moved `by` lines down the file: a piece counts its
 * lines from 1, and the merge knows where it starts only once the pieces before it are in.
 * Every line a state keeps is here; a new one must be added (the split property test fails
 * when one is missed).
 */
export function shiftLines(state: ProfileState, by: number): ProfileState {
  if (by === 0) return state;
  const shift = (lines: readonly number[]): number[] => lines.map((line) => line + by);
  return {
    ...state,
    encoding: {
      ...state.encoding,
      fallback_from_line:
        state.encoding.fallback_from_line === null ? null : state.encoding.fallback_from_line + by,
    },
    fallbackLines: { ...state.fallbackLines, lines: shift(state.fallbackLines.lines) },
    controlCharacters: {
      ...state.controlCharacters,
      lines: shift(state.controlCharacters.lines),
    },
    commentLines: { ...state.commentLines, lines: shift(state.commentLines.lines) },
    skippedPreamble: { ...state.skippedPreamble, lines: shift(state.skippedPreamble.lines) },
    malformedQuotes: { ...state.malformedQuotes, lines: shift(state.malformedQuotes.lines) },
    blankLines: shift(state.blankLines),
    tooManyLines: shift(state.tooManyLines),
    tooFewLines: shift(state.tooFewLines),
    duplicates: { ...state.duplicates, lines: shift(state.duplicates.lines) },
    columns: state.columns.map((c) => ({
      ...c,
      missingLines: shift(c.missingLines),
      whitespaceLines: shift(c.whitespaceLines),
      leadingZeroLines: shift(c.leadingZeroLines),
      invalidLines: c.invalidLines.map(shift),
    })),
  };
}
