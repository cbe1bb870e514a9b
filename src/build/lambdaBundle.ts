import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import { zipSync } from 'fflate';
import { REPO_ROOT } from '../shared/repoRoot.js';

/**
 * This file owns the Lambda build: the handler (src/pipeline/index.ts) bundled with esbuild for
 * nodejs22.x into `dist/lambda/index.mjs` (+ external source map), packed into a deterministic
 * `dist/lambda.zip` (index.mjs at the root). `npm run build` (`ingest build`), `ingest deploy`
 * and the local target all build through it.
 */

/** The deployable archive stays at most 1 MB. */
export const ZIP_BUDGET_BYTES = 1024 * 1024;

// Fixed timestamp, built from local-time parts because zip stores DOS local time: the archive
// bytes are then the same in every time zone and on every run.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Regular file, rw-r--r--, created on Unix (Lambda needs the file world-readable).
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/** Paths and sizes of a build. */
export interface LambdaBuild {
  bundlePath: string;
  zipPath: string;
  sizes: { bundle: number; sourcemap: number; zip: number };
  /** Largest parts of the bundle by package (`src` for our code), largest first. */
  largest: Array<[name: string, bytes: number]>;
}

/** Builds the bundle and the zip under `outDir` (default `<repo>/dist`). */
export async function buildLambda(options: { outDir?: string } = {}): Promise<LambdaBuild> {
  const outDir = resolve(options.outDir ?? join(REPO_ROOT, 'dist'));
  const bundleDir = join(outDir, 'lambda');
  const bundlePath = join(bundleDir, 'index.mjs');
  const zipPath = join(outDir, 'lambda.zip');
  await rm(bundleDir, { recursive: true, force: true });
  await mkdir(bundleDir, { recursive: true });

  const result = await esbuild({
    entryPoints: [join(REPO_ROOT, 'src/pipeline/index.ts')],
    outfile: bundlePath,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    sourcemap: 'external',
    // ESM builds of the dependencies first: smaller and tree-shakeable.
    mainFields: ['module', 'main'],
    // Some CommonJS dependencies call require() for Node built-ins, which ESM lacks.
    banner: {
      js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });

  const code = await readFile(bundlePath);
  const zip = zipSync(
    { 'index.mjs': [code, { level: 9, mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRS }] },
    { level: 9 },
  );
  await writeFile(zipPath, zip);

  const sizes = {
    bundle: (await stat(bundlePath)).size,
    sourcemap: (await stat(`${bundlePath}.map`)).size,
    zip: zip.byteLength,
  };
  const output = Object.entries(result.metafile.outputs).find(([path]) =>
    path.endsWith('index.mjs'),
  );
  const byPackage = new Map<string, number>();
  for (const [path, info] of Object.entries(output?.[1].inputs ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'src';
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const largest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (sizes.zip > ZIP_BUDGET_BYTES) {
    throw new Error(
      `dist/lambda.zip is ${sizes.zip} bytes, over the ${ZIP_BUDGET_BYTES}-byte budget`,
    );
  }
  return { bundlePath, zipPath, sizes, largest };
}

/** The lines `ingest build` prints about a build. */
export function describeLambdaBuild(built: LambdaBuild): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const used = ((100 * built.sizes.zip) / ZIP_BUDGET_BYTES).toFixed(0);
  return [
    `${built.bundlePath}  ${kib(built.sizes.bundle)}`,
    `${built.bundlePath}.map  ${kib(built.sizes.sourcemap)} (not in the zip)`,
    `${built.zipPath}  ${kib(built.sizes.zip)} (budget ${kib(ZIP_BUDGET_BYTES)}, ${used}% used)`,
    `largest parts of the bundle: ${built.largest.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(', ')}`,
    '',
  ].join('\n');
}
