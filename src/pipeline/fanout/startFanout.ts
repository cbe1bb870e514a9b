import { InvokeCommand } from '@aws-sdk/client-lambda';
import { planSplit } from '../../profile/index.js';
import { profileOptionsOf, type RecordRun } from '../recordRun.js';
import { partsFolderOf } from '../resultKey.js';
import type { ObjectInfo, RecordOutcome } from '../types.js';
import { planKey, putPart } from './partsStore.js';
import { PIECE_EVENT_VERSION, type PieceEvent } from './pieceEvent.js';
import { s3ByteSource } from './s3ByteSource.js';

/** Asynchronous Invoke calls sent at once (each is a short HTTPS request). */
const INVOKES_AT_ONCE = 10;

/**
 * The pieces an upload is split into: none (1) below FANOUT_MIN_BYTES, without a Lambda client,
 * above MAX_FILE_BYTES (that is an error item) or with an unknown size; else four pieces at the
 * threshold and one more per quarter of it, up to FANOUT_MAX_PIECES. A piece is thus at least a
 * quarter of FANOUT_MIN_BYTES (64 MiB by default): its fixed costs (a start, four requests, its
 * share of the merge; about 0.5 s) stay a small part of its time.
 */
export function fanoutPieces(object: ObjectInfo, run: RecordRun): number {
  const { config, lambda } = run.deps;
  const size = object.sizeBytes;
  if (lambda === undefined || size === null || size > config.maxFileBytes) return 1;
  if (size < config.fanoutMinBytes || config.fanoutMaxPieces < 2) return 1;
  return Math.min(config.fanoutMaxPieces, Math.floor((4 * size) / config.fanoutMinBytes));
}

/**
 * Splits an upload across invocations of this function: sniffs its head with one ranged GET of
 * the object version (profile/split planSplit), writes the plan under the upload's parts folder,
 * and invokes the function once per piece, asynchronously (Lambda Invoke, InvocationType
 * Event), with a piece event (pieceEvent.ts). Returns the outcome, or null when the file cannot
 * be split (gzip, UTF-16, no complete first record in the head): one pass profiles it then.
 * A failure to invoke propagates: the S3 event is retried, and pieces invoked twice are told
 * apart by the coordination item (coordination.ts).
 */
export async function startFanout(
  object: ObjectInfo,
  run: RecordRun,
  signal: AbortSignal,
): Promise<RecordOutcome | null> {
  const { s3, lambda, config, logger } = run.deps;
  const size = object.sizeBytes!;
  const pieces = fanoutPieces(object, run);
  const source = s3ByteSource(s3, object, size, signal);
  const plan = await planSplit(
    source,
    { pieces, minPieceBytes: Math.floor(config.fanoutMinBytes / 4) },
    profileOptionsOf(run, object),
  );
  if (typeof plan === 'string') {
    logger.info('not split: profiled in one invocation', { reason: plan, bytes: size });
    return null;
  }
  const folder = partsFolderOf(object, config.partsPrefix);
  await putPart(s3, object.bucket, planKey(folder), plan);
  const count = plan.cuts.length;
  const invoke = (index: number) => {
    const event: PieceEvent = {
      csvIngestPiece: {
        version: PIECE_EVENT_VERSION,
        object,
        index,
        pieces: count,
        partsFolder: folder,
        invokedAt: run.invokedAt,
      },
    };
    return lambda!.send(
      new InvokeCommand({
        FunctionName: run.functionArn,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
      { abortSignal: signal },
    );
  };
  // A few invocations at a time: 100 pieces one after another would take about 2 s of calls.
  for (let from = 0; from < count; from += INVOKES_AT_ONCE) {
    const batch = Array.from(
      { length: Math.min(INVOKES_AT_ONCE, count - from) },
      (_, k) => from + k,
    );
    await Promise.all(batch.map(invoke));
  }
  logger.info('split into pieces', { pieces: count, bytes: size, parts_folder: folder });
  return { status: 'split', fileName: object.fileName, pieces: count };
}
