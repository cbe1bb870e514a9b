import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  compileKernel,
  renderKernelModule,
  renderLayoutFiles,
} from '../../../scripts/kernel-compiler.mjs';

describe('kernel build', () => {
  it('returns the committed layout modules when scripts/kernel-layout.mjs is rendered', async () => {
    // Act
    const files = renderLayoutFiles();

    // Assess: a difference means `npm run build:kernel` was not run after a layout change.
    expect(Object.keys(files).length).toBeGreaterThan(5);
    for (const [path, text] of Object.entries(files)) {
      const committed = await readFile(path, 'utf8').catch(() => '');
      expect(committed === text, `${path} is stale`).toBe(true);
    }
  });

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
