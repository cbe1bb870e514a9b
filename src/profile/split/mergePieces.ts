import { ProfileError, type ProfileErrorCode } from '../errors.js';
import { resolveOptions } from '../options.js';
import { mergeStates } from '../state/merge.js';
import type { RowDuplicatesJson } from '../state/RowDuplicates.js';
import type { ProfileState } from '../state/types.js';
import type { ProfileOptions } from '../types.js';
import { shiftLines } from './shiftLines.js';
import type { PieceResult, PieceStart, SplitPlan } from './types.js';

/** Profiles piece `index` again from a start the merge knows to be right. */
export type RerunPiece = (index: number, start: PieceStart) => Promise<PieceResult>;

/** How the merge went: its state, and which pieces it re-ran and why. */
export interface MergedPieces {
  state: ProfileState;
  reruns: { index: number; reason: RerunReason }[];
}

/**
 * Why a piece is profiled again: it started at the wrong place (its cut was inside a quoted
 * field with line breaks), without knowing that an earlier record ended with a bare CR (line
 * breaks inside its quotes count differently then), to number an error's line, or to find the
 * lines of rows that repeat rows of earlier pieces. (The encoding never needs one: each line
 * that is not valid UTF-8 is decoded on its own, and pieces start at line starts.)
 */
export type RerunReason = 'start' | 'cr' | 'error-line' | 'duplicate-lines';

/** A duplicate-row state with no rows (for a piece whose state already continues the others). */
const NO_ROWS: RowDuplicatesJson = { rows: 0, exactDuplicates: 0, lines: [], exact: '' };

/**
 * Merges the pieces of a split profile, in file order, into the state one pass over the file
 * leaves (the validation step of Ge et al., "Speculative Distributed CSV Data Parsing for Big
 * Data Analytics", SIGMOD 2019): piece i must start where piece i - 1 stopped, in the state it
 * left (encoding, bare CRs seen), or it is re-run from there. Its line numbers are moved to
 * the file's. A data error of a piece that started right is the file's: thrown as the
 * {@link ProfileError} one pass throws (the first in the file).
 */
export async function mergePieces(
  plan: SplitPlan,
  pieces: readonly PieceResult[],
  rerun: RerunPiece,
  options: ProfileOptions = {},
): Promise<MergedPieces> {
  const o = resolveOptions(options);
  const reruns: MergedPieces['reruns'] = [];
  let merged: ProfileState | null = null;
  /** Where the next piece must start, and what one pass knows there. */
  let at = 0;
  let line = 1;
  let crSeen = false;
  let utf8Text = false;
  for (let i = 0; i < plan.cuts.length; i++) {
    let piece = pieces[i];
    if (piece === undefined || piece.index !== i) throw new RangeError(`piece ${i} is missing`);
    const start: PieceStart = {
      at,
      firstLine: line,
      crSeen,
      duplicates: null,
    };
    const again = async (reason: RerunReason, from: PieceStart): Promise<PieceResult> => {
      reruns.push({ index: i, reason });
      return rerun(i, from);
    };
    const wrong = i === 0 ? null : wrongStart(piece, start);
    if (wrong !== null) piece = await again(wrong, start);
    if (piece.error !== null) {
      if (piece.error.line !== undefined && piece.start.firstLine !== line) {
        piece = await again('error-line', start);
      }
      if (piece.error !== null) {
        const { code, message, line: errorLine } = piece.error;
        throw new ProfileError(code as ProfileErrorCode, message, { line: errorLine });
      }
    }
    let state = shiftLines(ownLines(piece), line - piece.start.firstLine);
    let next: ProfileState = merged === null ? state : mergeStates(merged, state, options);
    if (merged !== null && missesDuplicateLines(merged.duplicates, state.duplicates, next, o)) {
      // Rows of this piece repeat rows before it, and their lines are wanted: continue the
      // duplicate-row set before it, so the piece finds them as one pass does.
      piece = await again('duplicate-lines', { ...start, duplicates: merged.duplicates });
      if (piece.error !== null) throw new Error(`piece ${i} failed on its re-run`);
      state = ownLines(piece);
      next = { ...mergeStates(merged, { ...state, duplicates: NO_ROWS }, options) };
      next.duplicates = state.duplicates;
    }
    merged = next;
    at = piece.stop;
    line += piece.lines;
    crSeen ||= piece.crSeen;
    utf8Text ||= piece.utf8Text;
  }
  const state = merged!;
  // One pass names the file Windows-1252 when lines fell back and no line was UTF-8 beyond ASCII.
  if (plan.encoding === 'utf-8' && state.fallbackLines.count > 0) {
    state.encoding = { ...state.encoding, name: utf8Text ? 'utf-8' : 'windows-1252' };
  }
  return { state, reruns };
}

/**
 * A piece's state with `lines` as the count of its own lines (a piece that starts on line L
 * counts L - 1 lines before it; an empty piece has none), as {@link mergeStates} adds them.
 */
function ownLines(piece: PieceResult): ProfileState {
  const state = piece.state!;
  const lines = state.textBytes === 0 ? 0 : state.lines - (piece.start.firstLine - 1);
  return { ...state, lines };
}

/** Why a speculative piece does not start as one pass would be there, or null when it does. */
function wrongStart(piece: PieceResult, start: PieceStart): RerunReason | null {
  if (piece.start.at !== start.at) return 'start';
  if (start.crSeen && !piece.start.crSeen) {
    // Only records before its own first bare CR could count lines differently.
    const endings = piece.state?.lineEndings;
    if (endings === undefined || endings.lf + endings.crlf > 0) return 'cr';
  }
  return null;
}

/**
 * True when rows of the next piece repeat rows before it (the merge counted more duplicates
 * than both sides had) while fewer duplicate lines than the summary shows are known: the next
 * piece knows only the lines of its own repeats.
 */
function missesDuplicateLines(
  before: RowDuplicatesJson,
  next: RowDuplicatesJson,
  merged: ProfileState,
  o: { sampleLines: number; duplicateRowLimit: number },
): boolean {
  if (before.lines.length >= o.sampleLines) return false;
  if (!('exact' in before) || !('exact' in next) || !('exact' in merged.duplicates)) return false;
  return merged.duplicates.exactDuplicates > before.exactDuplicates + next.exactDuplicates;
}
