import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vitest global setup: compiles the CLI once per run, so every test that spawns bin/ingest.js
 * runs the current source (dist/cli/ would otherwise be as old as the last build).
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--quiet'], {
    stdio: 'inherit',
  });
}
