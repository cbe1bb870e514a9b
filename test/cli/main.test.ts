import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeTypedError } from '../../src/cli/main.js';
import { EmulatorStartError } from '../../src/local/index.js';
import { ProfileError } from '../../src/profile/index.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'ingest-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('describeTypedError', () => {
  it('returns one line with the code, the message and the cause', () => {
    const cause = Object.assign(new Error('listen EADDRINUSE: address already in use'), {
      code: 'EADDRINUSE',
    });
    const line = describeTypedError(new EmulatorStartError('S3 emulator cannot listen', { cause }));
    expect(line).toMatch(
      /^error EMULATOR_START_FAILED: S3 emulator cannot listen \(listen EADDRINUSE/,
    );
    expect(line).toMatch(/--port/);
    expect(describeTypedError(new ProfileError('EMPTY_FILE', 'The file is empty'))).toBe(
      'error EMPTY_FILE: The file is empty',
    );
  });

  it('returns null for errors without a stable code, so their stack trace shows', () => {
    expect(describeTypedError(new TypeError('x is undefined'))).toBeNull();
    expect(describeTypedError(Object.assign(new Error('io'), { code: 'enoent' }))).toBeNull();
    expect(describeTypedError('a string')).toBeNull();
  });
});

describe('ingest local start on a port in use', () => {
  it('exits 1 with a one-line reason and a hint, not a stack trace', async () => {
    // Prepare: hold a port.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      // Act
      const outcome = await run(
        process.execPath,
        [BIN, 'local', 'start', '--port', String(port), '--data-dir', dataDir, '--no-build'],
        { encoding: 'utf8', timeout: 60_000 },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );

      // Assess
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(/^error EMULATOR_START_FAILED: .*EADDRINUSE/m);
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  }, 90_000);
});
