import { open } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { profilePiece } from '../profile/index.js';
import { fileSource } from './fileSource.js';
import type { PieceJob } from './threadTypes.js';

// A worker thread of profileFileThreads.ts: profiles the pieces it is sent, one at a time, each
// with positional reads of its own handle on the file, and posts each piece's result back.

const port = parentPort;
if (port === null) throw new Error('pieceWorker runs as a worker thread');

port.on('message', (job: PieceJob) => {
  void run(job).then(
    (result) => port.postMessage({ id: job.id, result }),
    (error: unknown) =>
      port.postMessage({
        id: job.id,
        failure: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
});

async function run(job: PieceJob) {
  const handle = await open(job.path, 'r');
  try {
    const source = fileSource(handle, job.plan.size);
    return await profilePiece(source, job.plan, job.index, job.start, job.options);
  } finally {
    await handle.close();
  }
}
