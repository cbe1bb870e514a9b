import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';

const require = createRequire(import.meta.url);

/** Object metadata as s3rver's controllers read it: lower-case header name to value. */
export type S3rverMetadata = Record<string, string>;

/** s3rver's `S3Bucket` model. */
export interface S3rverBucket {
  name: string;
  creationDate: Date;
}

/** s3rver's `S3Object` model (content is a stream, or null for listings and bad ranges). */
export interface S3rverObject {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: S3rverMetadata;
  range?: { start: number; end: number };
  readonly size: number;
  readonly lastModifiedDate: Date;
}

/** A subresource configuration model of s3rver (cors, website, tagging). */
export interface S3rverConfig {
  type: string;
  toXML(space?: number): string;
}

/** s3rver's `S3Error`: an S3 error code with its HTTP status. */
export interface S3rverError extends Error {
  code: string;
  status: number;
}

type S3BucketCtor = new (name: string, creationDate: Date) => S3rverBucket;
interface S3ObjectClass {
  prototype: S3rverObject;
  ALLOWED_METADATA: readonly string[];
}
type S3ErrorCtor = new (
  code: string,
  message: string,
  detail?: Record<string, unknown>,
) => S3rverError;
type ConfigCtor = new (xml: string) => S3rverConfig;

const S3Bucket = require('s3rver/lib/models/bucket.js') as S3BucketCtor;
const S3Object = require('s3rver/lib/models/object.js') as S3ObjectClass;
const S3Error = require('s3rver/lib/models/error.js') as S3ErrorCtor;
const { getConfigModel } = require('s3rver/lib/models/config.js') as {
  getConfigModel(type: string): ConfigCtor | undefined;
};

/** Headers s3rver keeps as object metadata besides `x-amz-meta-*`. */
export const ALLOWED_METADATA: ReadonlySet<string> = new Set(S3Object.ALLOWED_METADATA);

/** Content type s3rver gives objects stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** Creates an s3rver `S3Bucket`. */
export function createBucket(name: string, creationDate: Date): S3rverBucket {
  return new S3Bucket(name, creationDate);
}

/**
 * Creates an s3rver `S3Object` from metadata that is already filtered, skipping the model's
 * constructor (which re-filters every header with lodash on each call).
 */
export function createObject(
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: S3rverMetadata,
): S3rverObject {
  const object = Object.create(S3Object.prototype) as S3rverObject;
  object.bucket = bucket;
  object.key = key;
  object.content = content;
  object.metadata = metadata;
  return object;
}

/** Creates an s3rver `S3Error` (answered as S3 XML with the code's HTTP status). */
export function s3Error(
  code: string,
  message: string,
  detail?: Record<string, unknown>,
): S3rverError {
  return new S3Error(code, message, detail);
}

/** Parses a stored subresource XML with s3rver's model for `type`; undefined if unknown. */
export function parseConfig(type: string, xml: string): S3rverConfig | undefined {
  const Model = getConfigModel(type);
  return Model ? new Model(xml) : undefined;
}

/** Keeps the headers s3rver stores as metadata (and its default content type). */
export function pickMetadata(headers: Record<string, unknown>): S3rverMetadata {
  const metadata: S3rverMetadata = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined || value === null) continue;
    if (ALLOWED_METADATA.has(name) || name.startsWith('x-amz-meta-')) {
      metadata[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  if (!metadata['content-type']) metadata['content-type'] = DEFAULT_CONTENT_TYPE;
  return metadata;
}
