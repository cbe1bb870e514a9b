// Compiles the profiler's WebAssembly kernel (src/profile/kernel/assembly, AssemblyScript) and
// writes it, base64-encoded, to src/profile/kernel/wasm.generated.ts. `--check` compiles and
// exits 1 when the committed file differs (the kernel test runs the same comparison).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileKernel, renderKernelModule } from './kernel-compiler.mjs';

const target = fileURLToPath(new URL('../src/profile/kernel/wasm.generated.ts', import.meta.url));
const wasm = await compileKernel();
const text = renderKernelModule(wasm);
if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    console.error('src/profile/kernel/wasm.generated.ts is stale: run npm run build:kernel');
    process.exit(1);
  }
  console.log(`kernel up to date (${wasm.length} bytes)`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${target} (${wasm.length} bytes of WebAssembly)`);
}
