import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { resultFolderFor } from '../pipeline/resultKey.js';
import { POLL } from './constants.js';
import { ItemTimeoutError } from './errors.js';
import { pollItem } from './pollItem.js';
import type { Target } from './targets/Target.js';

/** Timings and the item of one upload that became visible. */
export interface UploadOutcome {
  fileName: string;
  key: string;
  bytes: number;
  /** PutObject round trip. */
  uploadMs: number;
  /** From the PutObject response to the first GetItem that returned the item. */
  visibleMs: number;
  /** From the start of the upload to the item (upload + visible). */
  endToEndMs: number;
  /** From the PutObject response to the summary object in `processed/` (success items only). */
  summaryVisibleMs: number | null;
  reads: number;
  item: Record<string, unknown>;
}

/** Options of {@link uploadAndWait}. */
export interface UploadOptions {
  timeoutMs?: number;
  contentType?: string;
}

/** Uploads `body` to `uploads/<fileName>` and polls until its metadata item appears. */
export async function uploadAndWait(
  target: Target,
  fileName: string,
  body: Uint8Array | string,
  options: UploadOptions = {},
): Promise<UploadOutcome> {
  const key = `${target.names.uploadPrefix}${fileName}`;
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const started = performance.now();
  await target.s3.send(
    new PutObjectCommand({
      Bucket: target.names.bucket,
      Key: key,
      Body: body,
      ContentType: options.contentType ?? 'text/csv',
    }),
  );
  const uploaded = performance.now();
  const polled = await pollItem(
    target,
    fileName,
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
  // The processor writes the summary before the item that names it, so this finds it at the
  // first HeadObject; polling still tolerates a target whose S3 reads lag.
  const summaryAt =
    polled.item.status === 'success' && typeof polled.item.summary_key === 'string'
      ? await pollObject(target, polled.item.summary_key, options.timeoutMs ?? POLL.timeoutMs)
      : null;
  return {
    fileName,
    key,
    bytes,
    uploadMs: uploaded - started,
    visibleMs: polled.seenAt - uploaded,
    endToEndMs: polled.seenAt - started,
    summaryVisibleMs: summaryAt === null ? null : summaryAt - uploaded,
    reads: polled.reads,
    item: polled.item,
  };
}

/** Polls HeadObject with the same adaptive backoff; resolves with `performance.now()` when found. */
async function pollObject(target: Target, key: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let wait: number = POLL.initialMs;
  for (;;) {
    const found = await target.s3
      .send(new HeadObjectCommand({ Bucket: target.names.bucket, Key: key }))
      .then(
        () => true,
        (error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return false;
          throw error;
        },
      );
    const now = performance.now();
    if (found) return now;
    if (now + wait > deadline) {
      throw new ItemTimeoutError(`summary ${key} did not appear within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(POLL.maxMs, wait * 2);
  }
}

/** Removes what uploads created: the objects, every result under their folders, and the items. */
export async function cleanupUploads(target: Target, fileNames: readonly string[]): Promise<void> {
  const keys: string[] = [];
  for (const fileName of fileNames) {
    keys.push(`${target.names.uploadPrefix}${fileName}`);
    const folder = resultFolderFor(fileName, target.names.processedPrefix);
    let token: string | undefined;
    do {
      const listed = await target.s3.send(
        new ListObjectsV2Command({
          Bucket: target.names.bucket,
          Prefix: folder,
          ContinuationToken: token,
        }),
      );
      for (const object of listed.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
  for (let i = 0; i < keys.length; i += 1000) {
    await target.s3.send(
      new DeleteObjectsCommand({
        Bucket: target.names.bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  for (const fileName of fileNames) {
    await target.dynamodb.send(
      new DeleteItemCommand({ TableName: target.names.table, Key: { file_name: { S: fileName } } }),
    );
  }
}
