import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildLambda } from '../build/lambdaBundle.js';
import { REPO_ROOT } from '../shared/repoRoot.js';

/** Path of the Lambda bundle the local runtime runs (the artifact that ships). */
export const BUNDLE_PATH = join(REPO_ROOT, 'dist', 'lambda', 'index.mjs');

/**
 * Builds the Lambda bundle (unless `build` is false and it exists) and returns its path. The
 * build goes to a private folder and is renamed into place, so concurrent builds (tests, a
 * second terminal) never see a half-written bundle.
 */
export async function ensureBundle(build = true): Promise<string> {
  if (!build && existsSync(BUNDLE_PATH)) return BUNDLE_PATH;
  const dist = join(REPO_ROOT, 'dist');
  const tmp = join(dist, `.build-${process.pid}-${Date.now()}`);
  try {
    await buildLambda({ outDir: tmp });
    await mkdir(join(dist, 'lambda'), { recursive: true });
    await rename(join(tmp, 'lambda', 'index.mjs.map'), join(dist, 'lambda', 'index.mjs.map')).catch(
      () => {},
    );
    await rename(join(tmp, 'lambda', 'index.mjs'), BUNDLE_PATH);
    await rename(join(tmp, 'lambda.zip'), join(dist, 'lambda.zip'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return BUNDLE_PATH;
}
