import type { S3EventRecord } from 'aws-lambda';
import { decodeS3EventKey } from '../aws/s3EventKey.js';
import type { PipelineConfig } from './config.js';
import { classifyKey } from './objectKey.js';
import { orderKey } from './orderKey.js';
import type { ObjectInfo } from './types.js';

/** A record to process, or the reason it is skipped. */
export type RecordTarget =
  | { process: true; object: ObjectInfo; suffix: string }
  | { process: false; key: string; reason: string };

/** Reads the object, its path under the upload prefix and ordering key from an S3 record. */
export function targetOf(
  record: S3EventRecord,
  config: Pick<PipelineConfig, 's3Bucket' | 'uploadPrefix' | 'processedPrefix'>,
): RecordTarget {
  const s3 = record.s3;
  const key = decodeS3EventKey(s3?.object?.key ?? '');
  if (typeof record.eventName !== 'string' || !record.eventName.startsWith('ObjectCreated:')) {
    return { process: false, key, reason: 'not_object_created' };
  }
  const bucket = s3?.bucket?.name ?? '';
  if (bucket !== config.s3Bucket) return { process: false, key, reason: 'other_bucket' };
  const decision = classifyKey(key, config);
  if (!decision.process) return { process: false, key, reason: decision.reason };
  const object = s3.object;
  return {
    process: true,
    suffix: decision.suffix,
    object: {
      fileName: decision.fileName,
      bucket,
      key,
      sizeBytes: typeof object.size === 'number' ? object.size : null,
      etag: object.eTag ? object.eTag.replace(/"/g, '') : null,
      versionId: object.versionId ? object.versionId : null,
      sequencer: object.sequencer ? object.sequencer : null,
      eventTime: record.eventTime ? record.eventTime : null,
      orderKey: orderKey(object.sequencer, record.eventTime),
    },
  };
}
