import { isProfileError } from '../errors.js';
import { createPieceProfiler } from '../Profiler.js';
import type { ProfileOptions } from '../types.js';
import { ByteCursor, type ByteSource } from './ByteSource.js';
import { chooseRecordStart, readRecordEnd } from './recordBounds.js';
import type { PieceError, PieceResult, PieceSetup, PieceStart, SplitPlan } from './types.js';

/** Bytes pushed to the profiler at a time (as src/files/profileFile.ts reads a file). */
const PUSH_BYTES = 1 << 20;

/** The start a piece assumes before anything is known of the pieces before it. */
export function speculativeStart(): PieceStart {
  return { at: null, firstLine: 1, crSeen: false, duplicates: null };
}

/**
 * Profiles piece `index` of `plan` from `source`. It starts at `start.at`, or (speculatively,
 * Ge et al. 2019) where a window after its cut reads best as the head's table (recordBounds.ts
 * `chooseRecordStart`); profiles every record that starts before the next cut, reading past it
 * to finish the last one; and reports where it started, what it assumed there, where it
 * stopped and how many lines it spans, for the merge to check (mergePieces.ts). A data error
 * is reported, not thrown: it is the file's only if the piece turns out to have started right.
 */
export async function profilePiece(
  source: ByteSource,
  plan: SplitPlan,
  index: number,
  start: PieceStart,
  options: ProfileOptions = {},
): Promise<PieceResult> {
  const end = index + 1 < plan.cuts.length ? plan.cuts[index + 1]! : plan.size;
  const first = index === 0;
  const from = start.at ?? (first ? 0 : plan.cuts[index]! - 1);
  const cursor = new ByteCursor(source, from, plan.size);
  const setup: PieceSetup = {
    dialect: plan.head.dialect,
    sniff: plan.head.sniff,
    columns: first ? null : plan.head.columns,
    encoding: first ? 'detect' : plan.encoding,
    firstLine: start.firstLine,
    crSeen: start.crSeen,
    duplicates: start.duplicates,
  };
  const profiler = createPieceProfiler(options, setup);
  try {
    const d = plan.head.sniff;
    const at =
      start.at ??
      (first
        ? 0
        : await chooseRecordStart(cursor, {
            delimiter: d.delimiter,
            quote: d.quote,
            comment: d.comment,
            columns: plan.head.columns.length,
          }));
    const assumed: PieceResult['start'] = {
      at,
      firstLine: start.firstLine,
      crSeen: start.crSeen,
      continuesDuplicates: start.duplicates !== null,
    };
    const result = (stop: number): PieceResult => {
      const state = profiler.endState();
      return {
        index,
        start: assumed,
        stop,
        lines: profiler.line - start.firstLine,
        crSeen: start.crSeen || state.lineEndings.cr > 0,
        utf8Text:
          state.fallbackLines.count === 0 ? !profiler.ascii : state.encoding.name === 'utf-8',
        state,
        error: null,
      };
    };
    try {
      while (cursor.position < end) {
        const bytes = await cursor.take(Math.min(PUSH_BYTES, end - cursor.position));
        if (bytes === null) break;
        profiler.push(bytes);
      }
      if (at >= end || cursor.position >= plan.size) return result(Math.max(at, cursor.position));
      const { held, carried } = profiler.pending();
      if (held.length === 0 && carried.length === 0) return result(cursor.position);
      const tail = await readRecordEnd(cursor, carried, held, {
        delimiter: d.delimiter,
        quote: d.quote,
        comment: d.comment,
        maxFieldBytes: options.maxFieldBytes ?? Number.MAX_SAFE_INTEGER,
        maxRecordBytes: options.maxFieldBytes === undefined ? 0 : options.maxFieldBytes * 2,
      });
      for (const bytes of tail.bytes) profiler.push(bytes);
      if (!tail.found) {
        // The record does not end within the limits: the profiler says how, as one pass would.
        for (;;) {
          const bytes = await cursor.take(PUSH_BYTES);
          if (bytes === null) break;
          profiler.push(bytes);
        }
      }
      return result(cursor.position);
    } catch (error) {
      if (!isProfileError(error)) throw error;
      profiler.abandon();
      return failedPiece(index, assumed, {
        code: error.code,
        message: error.message,
        line: error.line,
      });
    }
  } finally {
    profiler.abandon();
    await cursor.close();
  }
}

/** The result of a piece that could not be profiled: its error, and what it assumed at its start. */
export function failedPiece(
  index: number,
  start: PieceResult['start'],
  error: PieceError,
): PieceResult {
  return {
    index,
    start,
    stop: -1,
    lines: 0,
    crSeen: false,
    utf8Text: false,
    state: null,
    error,
  };
}
