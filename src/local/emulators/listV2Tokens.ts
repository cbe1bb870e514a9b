import type { AsyncLocalStorage } from 'node:async_hooks';
import { type S3rverContext, s3rverModules } from './s3rverModules.js';

const { S3Error } = s3rverModules();

/** The state of one ListObjectsV2 request, shared with the store (see CheckedFilesystemStore). */
export interface ListingState {
  /** Set by the store when the page was cut: the last key it listed. */
  truncatedAfter?: string;
}

const PREFIX = 'L1.';

/** Our continuation token: opaque to clients, the key to resume after. */
export function encodeContinuationToken(startAfter: string): string {
  return `${PREFIX}${Buffer.from(startAfter, 'utf8').toString('base64url')}`;
}

/** The key a token resumes after, or undefined when it is not one of ours. */
export function decodeContinuationToken(token: string): string | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const body = token.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return undefined;
  return Buffer.from(body, 'base64url').toString('utf8');
}

/**
 * Koa middleware, run before s3rver's router, that issues and reads ListObjectsV2 continuation
 * tokens itself. s3rver 3.7.1 (and the fork `@20minutes/s3rver` 5.0.0) encrypt them with single
 * DES (`controllers/bucket.js`, `generateContinuationToken`), which OpenSSL 3 (Node >= 17) only
 * offers behind `--openssl-legacy-provider`, so the second page of any listing failed with
 * `ERR_OSSL_EVP_UNSUPPORTED` (jamhall/s3rver#818). Here a token becomes `start-after` before
 * s3rver sees the request, and the store reports a cut page through `listing` instead of to
 * s3rver; the answer then gets `IsTruncated` and our `NextContinuationToken`. Nothing in the
 * process's crypto is touched.
 */
export function listV2Tokens(
  listing: AsyncLocalStorage<ListingState>,
): (ctx: S3rverContext, next: () => Promise<void>) => Promise<void> {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.query['list-type'] !== '2') return next();
    const token = ctx.query['continuation-token'];
    if (typeof token === 'string' && token !== '') {
      const startAfter = decodeContinuationToken(token);
      if (startAfter === undefined) {
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
          ArgumentName: 'continuation-token',
        });
      }
      const { 'continuation-token': _token, ...query } = ctx.query;
      ctx.query = { ...query, 'start-after': startAfter };
    }
    const state: ListingState = {};
    await listing.run(state, next);
    if (typeof ctx.body !== 'string' || ctx.status !== 200) return;
    let body = ctx.body;
    if (typeof token === 'string' && token !== '') {
      body = body.replace(
        /<StartAfter>[^<]*<\/StartAfter>/,
        `<ContinuationToken>${token}</ContinuationToken>`,
      );
    }
    if (state.truncatedAfter !== undefined) {
      body = body.replace(
        '<IsTruncated>false</IsTruncated>',
        `<IsTruncated>true</IsTruncated><NextContinuationToken>${encodeContinuationToken(state.truncatedAfter)}</NextContinuationToken>`,
      );
    }
    ctx.body = body;
  };
}
