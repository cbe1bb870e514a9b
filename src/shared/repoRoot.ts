import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `name` in the repository's package.json, which marks its root. */
const PACKAGE_NAME = 'csv-ingest';

/**
 * The repository root: the nearest folder above this module whose package.json is this
 * project's. Found by walking up, so it is the same whether the code runs from `src/` (tsx,
 * tests) or from the compiled CLI in `dist/cli/`.
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if (
          (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME
        ) {
          return dir;
        }
      } catch {
        // not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${start}`);
  }
}

/** Absolute path of the repository root (no trailing separator). */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
