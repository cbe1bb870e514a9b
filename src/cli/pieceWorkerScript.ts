import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PieceWorkerScript } from '../files/index.js';
import { REPO_ROOT } from '../shared/repoRoot.js';

/**
 * The worker script of `ingest profile --threads`: the compiled one beside the compiled CLI
 * (dist/cli/pieceWorker.mjs, an entry of scripts/build-cli.mjs), or, when the CLI runs from
 * source (tsx), the source with tsx loaded in the worker too.
 */
export function pieceWorkerScript(): PieceWorkerScript {
  if (import.meta.url.endsWith('.mjs') || import.meta.url.endsWith('.js')) {
    return { url: pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'pieceWorker.mjs')) };
  }
  return {
    url: pathToFileURL(join(REPO_ROOT, 'src', 'files', 'pieceWorker.ts')),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}
