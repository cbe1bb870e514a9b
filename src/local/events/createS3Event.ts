import { randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { encodeS3EventKey } from '../../aws/s3EventKey.js';
import type { ObjectEvent } from '../emulators/S3Emulator.js';

/** Settings that do not come from the object change itself. */
export interface S3EventContext {
  region: string;
  sequencer: string;
  configurationId: string;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/** Builds the AWS-shaped S3 notification (one record, key URL-encoded, no versionId). */
export function createS3Event(change: ObjectEvent, context: S3EventContext): S3Event {
  const object: S3EventRecord['s3']['object'] = {
    key: encodeS3EventKey(change.key),
    size: change.size ?? 0,
    eTag: change.eTag ?? '',
    sequencer: context.sequencer,
  };
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: context.region,
    eventTime: change.eventTime.toISOString(),
    eventName: change.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: change.sourceIp ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': hex(8),
      'x-amz-id-2': randomBytes(48).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: context.configurationId,
      bucket: {
        name: change.bucket,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${change.bucket}`,
      },
      object,
    },
  };
  return { Records: [record] };
}
