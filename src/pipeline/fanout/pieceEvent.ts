import type { ObjectInfo } from '../types.js';

// The event the processor sends itself for each piece of a split upload (Lambda Invoke,
// InvocationType Event). This file owns its shape: the handler tells it from an S3 event by its
// `csvIngestPiece` member, and the failure handler reads the upload from it when a piece's
// retries run out.

/** Version of the piece event; a processor refuses versions it does not know. */
export const PIECE_EVENT_VERSION = 1;

/** One piece of a split upload, as the invocation that profiles it receives it. */
export interface PieceEvent {
  csvIngestPiece: {
    version: typeof PIECE_EVENT_VERSION;
    /** The upload, as the S3 event described it (its version is what every piece reads). */
    object: ObjectInfo;
    /** This piece (0-based) and how many there are. */
    index: number;
    pieces: number;
    /** The split's parts folder (`parts/<path>/<version tag>/`): plan and states. */
    partsFolder: string;
    /** Epoch ms the S3 event's invocation started (the item's trigger delay is from it). */
    invokedAt: number;
  };
}

/** True when `event` is a piece event (of any version: the handler checks the version). */
export function isPieceEvent(event: unknown): event is PieceEvent {
  const piece = (event as { csvIngestPiece?: unknown } | null)?.csvIngestPiece;
  return typeof piece === 'object' && piece !== null;
}

/** The upload a piece event is about, when it is a well-formed one (else null). */
export function pieceObjectOf(event: unknown): ObjectInfo | null {
  if (!isPieceEvent(event)) return null;
  const object = event.csvIngestPiece.object as Partial<ObjectInfo> | undefined;
  if (
    typeof object?.fileName !== 'string' ||
    typeof object.bucket !== 'string' ||
    typeof object.key !== 'string' ||
    typeof object.orderKey !== 'string'
  ) {
    return null;
  }
  return object as ObjectInfo;
}
