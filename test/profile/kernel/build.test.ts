import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileKernel, renderKernelModule } from '../../../scripts/kernel-compiler.mjs';

describe('kernel build', () => {
  it('returns the committed wasm.generated.ts when the AssemblyScript sources are compiled', async () => {
    // Prepare
    const committed = await readFile(
      new URL('../../../src/profile/kernel/wasm.generated.ts', import.meta.url),
      'utf8',
    );

    // Act
    const fresh = renderKernelModule(await compileKernel());

    // Assess: a difference means `npm run build:kernel` was not run after a kernel change.
    expect(fresh === committed, 'src/profile/kernel/wasm.generated.ts is stale').toBe(true);
  }, 60_000);
});
