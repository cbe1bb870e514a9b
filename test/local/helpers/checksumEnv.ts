import { afterAll, beforeAll } from 'vitest';

const NAMES = ['AWS_REQUEST_CHECKSUM_CALCULATION', 'AWS_RESPONSE_CHECKSUM_VALIDATION'] as const;

/**
 * Runs the enclosing test file with the SDK's checksums only when required (as LocalPipeline
 * sets them: s3rver would otherwise store aws-chunked framing as data) and restores them after.
 */
export function useWhenRequiredChecksums(): void {
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const name of NAMES) {
      saved.set(name, process.env[name]);
      process.env[name] = 'WHEN_REQUIRED';
    }
  });
  afterAll(() => {
    for (const name of NAMES) {
      const value = saved.get(name);
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
