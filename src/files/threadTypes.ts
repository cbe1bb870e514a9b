import type { PieceResult, PieceStart, ProfileOptions, SplitPlan } from '../profile/index.js';

/** A piece sent to a worker thread (pieceWorker.ts). */
export interface PieceJob {
  id: number;
  path: string;
  plan: SplitPlan;
  index: number;
  start: PieceStart;
  options: ProfileOptions;
}

/** A worker's answer: the piece's result, or the failure (an I/O error, a bug) as text. */
export type PieceAnswer = { id: number; result: PieceResult } | { id: number; failure: string };
