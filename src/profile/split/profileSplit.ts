import { createProfiler } from '../Profiler.js';
import type { ProfileState } from '../state/types.js';
import type { ProfileOptions } from '../types.js';
import type { ByteSource } from './ByteSource.js';
import { type MergedPieces, mergePieces } from './mergePieces.js';
import { type NoSplit, planSplit, type SplitRequest } from './planSplit.js';
import { profilePiece, speculativeStart } from './profilePiece.js';

/** A split profile's state, with how it was split. */
export interface SplitProfile {
  state: ProfileState;
  /** Pieces profiled (1 when the file was not split), and why not. */
  pieces: number;
  noSplit: NoSplit | null;
  reruns: MergedPieces['reruns'];
}

/**
 * Profiles `source` in pieces, one after another in this thread (the worker threads of
 * src/files/profileFileThreads.ts and the pipeline's Lambdas run the same pieces in parallel):
 * the state equals one pass's, sketches within their stated error. A file that cannot be split
 * is profiled in one pass.
 */
export async function profileSplit(
  source: ByteSource,
  request: SplitRequest,
  options: ProfileOptions = {},
): Promise<SplitProfile> {
  const plan = await planSplit(source, request, options);
  if (typeof plan === 'string') {
    return { state: await profileWhole(source, options), pieces: 1, noSplit: plan, reruns: [] };
  }
  const run = (i: number, start = speculativeStart()) =>
    profilePiece(source, plan, i, start, options);
  const pieces = [];
  for (let i = 0; i < plan.cuts.length; i++) pieces.push(await run(i));
  const merged = await mergePieces(plan, pieces, run, options);
  return { state: merged.state, pieces: plan.cuts.length, noSplit: null, reruns: merged.reruns };
}

/** One pass over the whole source. */
export async function profileWhole(
  source: ByteSource,
  options: ProfileOptions = {},
): Promise<ProfileState> {
  const profiler = createProfiler(options);
  for await (const chunk of source.chunks(0, source.size)) profiler.push(chunk);
  return profiler.endState();
}
