import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

let installed = false;

/** True when this process's OpenSSL still offers single DES (`--openssl-legacy-provider`). */
export function hasLegacyDes(
  crypto: typeof import('node:crypto') = require('node:crypto'),
): boolean {
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

/**
 * Lets s3rver's ListObjectsV2 continuation tokens work without `--openssl-legacy-provider`.
 *
 * s3rver encrypts its continuation tokens with single DES-CBC, which OpenSSL 3 only offers through
 * the legacy provider (a process-wide flag; worker threads cannot set it). Triple DES with three
 * equal keys (EDE: encrypt, decrypt, encrypt) is exactly single DES and is in the default
 * provider, so `des` is mapped to `des-ede3-cbc` with the key repeated three times: byte-identical
 * tokens. Installed only when single DES is missing; other algorithms are untouched.
 */
export function installLegacyDesShim(): boolean {
  const crypto = require('node:crypto') as typeof import('node:crypto');
  if (installed || hasLegacyDes(crypto)) return false;
  const { createCipheriv, createDecipheriv } = crypto;
  const map = (algorithm: string, key: unknown): [string, unknown] =>
    (algorithm.toLowerCase() === 'des' || algorithm.toLowerCase() === 'des-cbc') &&
    Buffer.isBuffer(key) &&
    key.length === 8
      ? ['des-ede3-cbc', Buffer.concat([key, key, key])]
      : [algorithm, key];
  const patched = crypto as unknown as Record<string, unknown>;
  patched.createCipheriv = (algorithm: string, key: unknown, ...rest: unknown[]) =>
    (createCipheriv as (...args: unknown[]) => unknown)(...map(algorithm, key), ...rest);
  patched.createDecipheriv = (algorithm: string, key: unknown, ...rest: unknown[]) =>
    (createDecipheriv as (...args: unknown[]) => unknown)(...map(algorithm, key), ...rest);
  installed = true;
  return true;
}
