import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/start-stop.ts', import.meta.url));

describe('LocalPipeline.stop', () => {
  it('lets the process exit on its own: no worker, socket or timer is left', async () => {
    // Act
    const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          ['--import', 'tsx', script],
          { timeout: 20_000, killSignal: 'SIGKILL' },
          (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      },
    );

    // Assess
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toBe('stopped success\n');
    expect(outcome.code).toBe(0);
  });
});
