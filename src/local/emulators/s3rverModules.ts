import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

const require = createRequire(import.meta.url);

/**
 * The parts of s3rver 3.7.1 (CommonJS, untyped) the local target uses, typed here once. Read in
 * `node_modules/s3rver/lib/`: `s3rver.js` (a Koa application), `stores/filesystem.js` (the store
 * the controllers reach as `ctx.store`), `models/object.js`, `models/error.js`.
 */

/** The metadata a store returns: HTTP header names (lower case) to values. */
export type S3rverMetadata = Record<string, string | number | undefined>;

/** s3rver's `S3Object` model: `metadata` keeps only the allowed headers plus etag, size, date. */
export interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: S3rverMetadata;
  range?: { start: number; end: number };
  readonly size: number;
}

export type S3rverObjectCtor = new (
  bucket: string,
  key: string,
  content: Readable | Buffer | null,
  metadata: S3rverMetadata,
) => S3rverObject;

/** s3rver's `FilesystemStore` (`lib/stores/filesystem.js`): the methods we extend or call. */
export interface S3rverFilesystemStore {
  rootDirectory: string;
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<S3rverMetadata>;
  putMetadata(bucket: string, key: string, metadata: S3rverMetadata, md5?: string): Promise<void>;
  listBuckets(): Promise<Array<{ name: string }>>;
  getBucket(bucket: string): Promise<{ name: string } | null>;
  listObjects(
    bucket: string,
    options: Record<string, unknown>,
  ): Promise<{ objects: S3rverObject[]; commonPrefixes: string[]; isTruncated: boolean }>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  getObject(
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ): Promise<S3rverObject | null>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
  copyObject(
    srcBucket: string,
    srcKey: string,
    destBucket: string,
    destKey: string,
    replacementMetadata: S3rverMetadata | null,
  ): Promise<S3rverMetadata>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

export type S3rverFilesystemStoreCtor = new (rootDirectory: string) => S3rverFilesystemStore;

/** s3rver's `S3Error`: thrown by a store, answered as an S3 XML error with its code and status. */
export type S3rverErrorCtor = new (
  code: string,
  message: string,
  detail?: Record<string, unknown>,
) => Error;

/** The Koa context fields our middleware reads. */
export interface S3rverContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
}

/** The part of the s3rver (Koa) application the emulator uses. */
export interface S3rverApp {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: 'event', listener: (event: { Records: S3rverEventRecord[] }) => void): void;
  on(
    event: 'error',
    listener: (error: unknown, ctx?: { headerSent: boolean; res: ServerResponse }) => void,
  ): void;
  logger: { close(): void; exceptions: { unhandle(): void } };
  /** The store the controllers use (`ctx.store`, `ctx.app.store`); replaced after construction. */
  store: unknown;
  context: { store: unknown };
  /** Koa's middleware list; the first entry runs first. */
  middleware: Array<(ctx: S3rverContext, next: () => Promise<void>) => Promise<void>>;
}

/** The part of s3rver's raw event record (`lib/models/event.js`) the emulator reads. */
export interface S3rverEventRecord {
  eventName?: string;
  eventTime?: string;
  requestParameters?: { sourceIPAddress?: string };
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number; eTag?: string } };
}

export type S3rverCtor = new (options: Record<string, unknown>) => S3rverApp;

/** s3rver's built-in account; it only knows the key pair `S3RVER`/`S3RVER` unless told more. */
interface S3rverAccounts {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
}

/** Loads s3rver's modules (once; Node caches them). */
export function s3rverModules(): {
  S3rver: S3rverCtor;
  FilesystemStore: S3rverFilesystemStoreCtor;
  S3Object: S3rverObjectCtor;
  S3Error: S3rverErrorCtor;
  accounts: S3rverAccounts;
} {
  return {
    S3rver: require('s3rver') as S3rverCtor,
    FilesystemStore: require('s3rver/lib/stores/filesystem.js') as S3rverFilesystemStoreCtor,
    S3Object: require('s3rver/lib/models/object.js') as S3rverObjectCtor,
    S3Error: require('s3rver/lib/models/error.js') as S3rverErrorCtor,
    accounts: require('s3rver/lib/models/account.js') as S3rverAccounts,
  };
}
