#!/usr/bin/env node
// Bundles the Lambda handler (src/pipeline/index.ts) with esbuild for nodejs22.x and packs it
// into a deterministic zip: `dist/lambda/index.mjs` (+ external source map) and `dist/lambda.zip`
// (index.mjs at the root). Usage: `npm run build` or `node scripts/build.mjs [--out <dir>]`.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { zipSync } from 'fflate';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Zip budget from the issue: the deployable archive stays at most 1 MB. */
export const ZIP_BUDGET_BYTES = 1024 * 1024;

// Fixed timestamp, built from local-time parts because zip stores DOS local time: the archive
// bytes are then the same in every time zone and on every run.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Regular file, rw-r--r--, created on Unix (Lambda needs the file world-readable).
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/**
 * Builds the bundle and the zip under `outDir` (default `dist/`); returns paths and sizes.
 * @param {{ outDir?: string, quiet?: boolean }} [options]
 */
export async function buildLambda(options = {}) {
  const outDir = resolve(options.outDir ?? join(root, 'dist'));
  const bundleDir = join(outDir, 'lambda');
  const bundlePath = join(bundleDir, 'index.mjs');
  const zipPath = join(outDir, 'lambda.zip');
  await rm(bundleDir, { recursive: true, force: true });
  await mkdir(bundleDir, { recursive: true });

  const result = await esbuild({
    entryPoints: [join(root, 'src/pipeline/index.ts')],
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
  const inputs = Object.entries(output?.[1].inputs ?? {});
  const byPackage = new Map();
  for (const [path, info] of inputs) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match?.[1] ?? 'src';
    byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
  }
  const largest = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  if (!options.quiet) {
    const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(`dist/lambda/index.mjs      ${kib(sizes.bundle)}`);
    console.log(`dist/lambda/index.mjs.map  ${kib(sizes.sourcemap)} (not in the zip)`);
    console.log(
      `dist/lambda.zip            ${kib(sizes.zip)} (budget ${kib(ZIP_BUDGET_BYTES)}, ${((100 * sizes.zip) / ZIP_BUDGET_BYTES).toFixed(0)}% used)`,
    );
    console.log(
      `largest parts of the bundle: ${largest.map(([name, bytes]) => `${name} ${kib(bytes)}`).join(', ')}`,
    );
  }
  if (sizes.zip > ZIP_BUDGET_BYTES) {
    throw new Error(
      `dist/lambda.zip is ${sizes.zip} bytes, over the ${ZIP_BUDGET_BYTES}-byte budget`,
    );
  }
  return { bundlePath, zipPath, sizes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex === -1 ? undefined : process.argv[outIndex + 1];
  buildLambda({ outDir }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
