// Builds the profiler's WebAssembly kernel: renders the layouts shared by AssemblyScript and
// TypeScript from scripts/kernel-layout.mjs (src/profile/kernel/assembly/layout/*.ts and
// src/profile/kernel/layout.generated.ts), compiles the kernel (src/profile/kernel/assembly) and
// writes it, base64-encoded, to src/profile/kernel/wasm.generated.ts. `--check` exits 1 when a
// committed file differs (the kernel test runs the same comparison).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileKernel, renderKernelModule, renderLayoutFiles } from './kernel-compiler.mjs';

const target = fileURLToPath(new URL('../src/profile/kernel/wasm.generated.ts', import.meta.url));
const check = process.argv.includes('--check');
const layout = renderLayoutFiles();
const stale = [];
for (const [path, text] of Object.entries(layout)) {
  if (check) {
    if ((await readFile(path, 'utf8').catch(() => '')) !== text) stale.push(path);
  } else {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }
}
const wasm = await compileKernel();
const text = renderKernelModule(wasm);
if (check) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) stale.push(target);
  if (stale.length > 0) {
    console.error(`stale, run npm run build:kernel: ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(`kernel up to date (${wasm.length} bytes)`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${target} (${wasm.length} bytes of WebAssembly) and the layout modules`);
}
