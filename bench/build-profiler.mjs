// Bundles src/files/index.ts (profileFile: the profiler with its file reads) with esbuild for the
// benchmark, so the timed child process runs plain JavaScript without a TypeScript loader (same
// transform tsx would apply, minus the loader's start-up and hook overhead).

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROFILER_SOURCE = join(ROOT, 'src/files/index.ts');
export const PROFILER_BUNDLE = join(ROOT, 'bench/data/.build/profile.mjs');

/** True when the profiler's entry point exists. */
export function profilerAvailable() {
  return existsSync(PROFILER_SOURCE);
}

/** Bundle the profiler (ESM, node22); returns the bundle's path. */
export async function buildProfiler() {
  mkdirSync(dirname(PROFILER_BUNDLE), { recursive: true });
  await build({
    entryPoints: [PROFILER_SOURCE],
    outfile: PROFILER_BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap: false,
    logLevel: 'error',
  });
  return PROFILER_BUNDLE;
}
