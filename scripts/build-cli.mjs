#!/usr/bin/env node
// Compiles the `ingest` CLI (src/cli/main.ts) into dist/cli/ with esbuild, so bin/ingest.js runs
// plain JavaScript instead of loading TypeScript through tsx at every call. Each sub-command is a
// dynamic import, so with code splitting it is its own chunk, loaded only when it runs.
// Dependencies stay external (resolved from node_modules at run time).
// Runs on `npm ci` (the `prepare` script), before `npm start` and `npm test`, and as
// `npm run build:cli`. Usage: node scripts/build-cli.mjs [--quiet]
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli');

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
await build({
  // The worker threads of `ingest profile --threads` load pieceWorker.mjs (src/cli/pieceWorkerScript.ts).
  entryPoints: {
    main: join(root, 'src/cli/main.ts'),
    pieceWorker: join(root, 'src/files/pieceWorker.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) {
  console.log(`dist/cli built in ${Math.round(performance.now() - started)} ms`);
}
