import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeTypedError } from '../../src/cli/main.js';
import { awsRequestError, exitCodeFor } from '../../src/experiments/index.js';
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
    // Node's own errors carry upper-case codes too: they are not ours.
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), {
      code: 'ENOENT',
      errno: -2,
      syscall: 'open',
    });
    expect(describeTypedError(enoent)).toBeNull();
    expect(
      describeTypedError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' })),
    ).toBeNull();
    expect(describeTypedError('a string')).toBeNull();
  });
});

describe('awsRequestError', () => {
  const sdkError = (name: string, message: string, status?: number) =>
    Object.assign(new Error(message), {
      name,
      $fault: 'client',
      $metadata: status === undefined ? {} : { httpStatusCode: status },
    });

  it('returns a typed error whose line, hint and exit code say what kind of failure it was', () => {
    // Prepare
    const cases = [
      [
        sdkError(
          'ExpiredTokenException',
          'The security token included in the request is expired',
          400,
        ),
        'AWS_CREDENTIALS',
        1,
      ],
      [
        sdkError(
          'AccessDeniedException',
          'User is not authorized to perform: cloudwatch:GetMetricData',
          400,
        ),
        'ACCESS_DENIED',
        1,
      ],
      [sdkError('Unknown', 'UnknownError', 403), 'ACCESS_DENIED', 1],
      [sdkError('NoSuchBucket', 'The specified bucket does not exist', 404), 'NOT_DEPLOYED', 2],
      [sdkError('ThrottlingException', 'Rate exceeded', 400), 'AWS_ERROR', 1],
      [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
          code: 'ECONNREFUSED',
          syscall: 'connect',
        }),
        'TARGET_UNREACHABLE',
        2,
      ],
      [
        Object.assign(new Error('Could not load credentials from any providers'), {
          name: 'CredentialsProviderError',
        }),
        'AWS_CREDENTIALS',
        1,
      ],
    ] as const;

    // Act
    const results = cases.map(([error]) => awsRequestError(error));

    // Assess
    results.forEach((typed, i) => {
      const [, code, exit] = cases[i]!;
      expect(typed?.code).toBe(code);
      expect(exitCodeFor(typed!.code)).toBe(exit);
      const line = describeTypedError(typed)!;
      expect(line.split('\n')).toHaveLength(2);
      expect(line).toMatch(new RegExp(`^error ${code}: `));
    });
  });

  it("returns undefined for the project's typed errors and for bugs", () => {
    // Assess
    expect(awsRequestError(new ProfileError('EMPTY_FILE', 'The file is empty'))).toBeUndefined();
    expect(awsRequestError(new TypeError('x is undefined'))).toBeUndefined();
    expect(awsRequestError('a string')).toBeUndefined();
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
