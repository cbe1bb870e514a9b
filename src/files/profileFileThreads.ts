import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type MergedPieces,
  mergePieces,
  type NoSplit,
  type PieceResult,
  type ProfileOptions,
  planSplit,
  profilePiece,
  profileStream,
  type Summary,
  speculativeStart,
  summarizeState,
} from '../profile/index.js';
import { fileSource } from './fileSource.js';
import type { PieceAnswer, PieceJob } from './threadTypes.js';

/**
 * Files from this size on are profiled on every core by default (`ingest profile` without
 * --threads). The second thread costs about 0.35 CPU-s on a 100 MB file (a worker's start and
 * kernel compile, about 0.1 s, and the merge of two exact duplicate-row sets of 350k rows each,
 * about 0.15 s then, less since the merge keeps its set as an array) against 0.3 s it saves; on the 1 GB file it costs 4% more CPU and halves the
 * time (measured 2026-12-03, docs in README "Profile a file").
 */
export const THREADS_MIN_BYTES = 128 * 1024 * 1024;

/** Smallest piece a thread gets (an explicit --threads on a small file makes fewer pieces). */
export const THREAD_MIN_PIECE_BYTES = 8 * 1024 * 1024;

/** The worker script: pieceWorker.ts compiled (dist/cli/pieceWorker.mjs), or its source with tsx. */
export interface PieceWorkerScript {
  url: URL;
  execArgv?: string[];
}

/** A file's summary profiled on threads, and how it was split. */
export interface ThreadedProfile {
  summary: Summary;
  /** Pieces profiled in parallel (1: one pass). */
  pieces: number;
  noSplit: NoSplit | null;
  reruns: MergedPieces['reruns'];
}

/**
 * Profiles the file at `path` on `threads` threads: the main thread plans the split
 * (src/profile/split/planSplit.ts), profiles the first piece and merges (mergePieces.ts,
 * re-runs included); `threads - 1` worker threads (pieceWorker.ts) profile the other pieces
 * with positional reads. Files that cannot be split, or are too small for two pieces of
 * {@link THREAD_MIN_PIECE_BYTES}, are profiled in one pass here. The summary equals one pass's
 * (see src/profile/split/), sketches within their stated error.
 */
export async function profileFileThreads(
  path: string,
  threads: number,
  worker: PieceWorkerScript,
  options: ProfileOptions = {},
  minPieceBytes = THREAD_MIN_PIECE_BYTES,
): Promise<ThreadedProfile> {
  const profileOptions: ProfileOptions = { fileName: basename(path), ...options };
  const handle = await open(path, 'r');
  const workers: Worker[] = [];
  try {
    const size = (await handle.stat()).size;
    const source = fileSource(handle, size);
    // Planned first (the head's 1 MiB and its sniff, some 20 ms), so that a file that is not
    // split (gzip, UTF-16, too small) starts no worker: a worker costs about 0.1 s of CPU.
    const plan = await planSplit(source, { pieces: threads, minPieceBytes }, profileOptions);
    if (typeof plan === 'string') {
      const summary = await profileStream(source.chunks(0, size), profileOptions);
      return { summary, pieces: 1, noSplit: plan, reruns: [] };
    }
    for (let i = 1; i < plan.cuts.length; i++) {
      workers.push(new Worker(worker.url, worker.execArgv ? { execArgv: worker.execArgv } : {}));
    }
    const spec = speculativeStart();
    const pieces: Promise<PieceResult>[] = [];
    for (let index = 1; index < plan.cuts.length; index++) {
      const job = { id: index, path, plan, index, start: spec, options: profileOptions };
      pieces.push(runOnWorker(workers[index - 1]!, job));
    }
    // The main thread's share: the first piece, while the workers profile theirs.
    pieces.unshift(profilePiece(source, plan, 0, spec, profileOptions));
    const results = await Promise.all(pieces);
    const merged = await mergePieces(
      plan,
      results,
      (index, start) => profilePiece(source, plan, index, start, profileOptions),
      profileOptions,
    );
    return {
      summary: summarizeState(merged.state, profileOptions),
      pieces: plan.cuts.length,
      noSplit: null,
      reruns: merged.reruns,
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await handle.close();
  }
}

/** Sends one piece to a worker; resolves with its result. */
function runOnWorker(worker: Worker, job: PieceJob): Promise<PieceResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: PieceAnswer) => {
      if (answer.id !== job.id) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      if ('result' in answer) resolve(answer.result);
      else reject(new Error(`piece ${job.index} failed in its worker thread: ${answer.failure}`));
    };
    worker.on('message', onMessage);
    worker.on('error', reject);
    worker.postMessage(job);
  });
}
