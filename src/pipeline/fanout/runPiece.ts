import {
  failedPiece,
  mergePieces,
  type PieceResult,
  type ProfileOptions,
  profilePiece,
  type SplitPlan,
  speculativeStart,
  summarizeState,
} from '../../profile/index.js';
import type { Summary } from '../../profile/types.js';
import { PipelineErrorCode } from '../errors.js';
import { recordResult } from '../processObject.js';
import {
  deadlineTimer,
  profileOptionsOf,
  type RecordRun,
  type TerminalFailure,
  terminalFailure,
} from '../recordRun.js';
import type { RecordOutcome } from '../types.js';
import { recordPieceDone } from './coordination.js';
import { getPart, pieceKey, planKey, putPart } from './partsStore.js';
import type { PieceEvent } from './pieceEvent.js';
import { s3ByteSource } from './s3ByteSource.js';

type Piece = PieceEvent['csvIngestPiece'];

/**
 * Profiles one piece of a split upload: reads the plan, profiles the piece's range with ranged
 * GETs of the upload's version (profile/split profilePiece: speculatively from the first line
 * break after its cut), writes its result under the parts folder, then records itself done in
 * the coordination item. The invocation that completes the set is the last: it merges every
 * piece (re-running inline a piece that started at the wrong place) and records the upload's
 * result as one pass does (processObject.ts `recordResult`: summary and report, then the
 * conditional item). A data error is the piece's result, ended as the file's error by the merge;
 * a piece that runs out of time ends the file as TIMEOUT; transient failures propagate, so
 * Lambda retries the piece.
 */
export async function runPiece(piece: Piece, run: RecordRun): Promise<RecordOutcome> {
  const { s3, dynamodb, config, logger, now } = run.deps;
  const { object, index, pieces, partsFolder } = piece;
  const controller = new AbortController();
  const timer = deadlineTimer(run, controller);
  const signal = controller.signal;
  try {
    const plan = await getPart<SplitPlan>(s3, object.bucket, planKey(partsFolder), signal);
    if (plan.cuts.length !== pieces || index < 0 || index >= pieces) {
      throw new RangeError(`piece ${index} of ${pieces} does not match its plan's cuts`);
    }
    const options = profileOptionsOf(run, object);
    const source = s3ByteSource(s3, object, plan.size, signal);
    const startedAt = now();
    let result: PieceResult;
    try {
      result = await profilePiece(source, plan, index, speculativeStart(), options);
    } catch (error) {
      const failure = terminalFailure(error, signal);
      if (failure === null) throw error;
      result = deadlinePiece(index, failure);
    }
    await putPart(s3, object.bucket, pieceKey(partsFolder, index), result);
    const done = await recordPieceDone(
      dynamodb,
      config.fanoutTable,
      partsFolder,
      index,
      pieces,
      now(),
    );
    logger.info('piece profiled', {
      piece: index,
      pieces,
      done: done.done.length,
      first: done.first,
      bytes: result.stop < 0 ? null : result.stop - result.start.at,
      piece_ms: now() - startedAt,
    });
    if (!done.complete) return { status: 'piece', fileName: object.fileName, index };
    return await mergeSplit(piece, plan, result, options, run, signal);
  } finally {
    clearTimeout(timer);
  }
}

/** The last piece's work: every piece's result merged, and the upload's result recorded. */
async function mergeSplit(
  piece: Piece,
  plan: SplitPlan,
  own: PieceResult,
  options: ProfileOptions,
  run: RecordRun,
  signal: AbortSignal,
): Promise<RecordOutcome> {
  const { s3, logger, now } = run.deps;
  const { object, index, pieces, partsFolder } = piece;
  const results = await Promise.all(
    Array.from({ length: pieces }, (_, i) =>
      i === index ? own : getPart<PieceResult>(s3, object.bucket, pieceKey(partsFolder, i), signal),
    ),
  );
  const source = s3ByteSource(s3, object, plan.size, signal);
  let summary: Summary | undefined;
  let failure: TerminalFailure | null = null;
  try {
    const timedOut = results.find((r) => r.error?.code === PipelineErrorCode.TIMEOUT);
    if (timedOut !== undefined) {
      failure = { code: PipelineErrorCode.TIMEOUT, message: timedOut.error!.message };
    } else {
      const merged = await mergePieces(
        plan,
        results,
        (i, start) => profilePiece(source, plan, i, start, options),
        options,
      );
      if (merged.reruns.length > 0) logger.info('pieces re-run', { reruns: merged.reruns });
      summary = summarizeState(merged.state, options);
    }
  } catch (error) {
    failure = terminalFailure(error, signal);
    if (failure === null) throw error;
  }
  const eventMs = object.eventTime === null ? Number.NaN : Date.parse(object.eventTime);
  return recordResult(object, run, {
    summary,
    failure,
    bytesRead: plan.size,
    profileMs: now() - piece.invokedAt,
    startedAt: piece.invokedAt,
    triggerDelayMs: Number.isFinite(eventMs) ? Math.max(0, piece.invokedAt - eventMs) : null,
    pieces,
  });
}

/** The result of a piece that could not be profiled for a reason of its own (its deadline). */
function deadlinePiece(index: number, failure: TerminalFailure): PieceResult {
  const start = {
    at: -1,
    firstLine: 1,
    crSeen: false,
    continuesDuplicates: false,
  } as const;
  return failedPiece(index, start, {
    code: failure.code,
    message: failure.message,
    line: failure.line,
  });
}
