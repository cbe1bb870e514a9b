import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from '../../profile/index.js';
import type { ObjectInfo } from '../types.js';

/**
 * A {@link ByteSource} over one version of an S3 object: each read is one ranged GetObject
 * (`Range: bytes=<start>-<end - 1>`), pinned to the version every piece of a split reads, by
 * its VersionId (versioned bucket: needs s3:GetObjectVersion) or else by `If-Match` on its ETag
 * (a newer upload of the key then fails the read with 412 instead of mixing two files).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Range, VersionId, If-Match)
 */
export function s3ByteSource(
  s3: S3Client,
  object: Pick<ObjectInfo, 'bucket' | 'key' | 'versionId' | 'etag'>,
  size: number,
  signal?: AbortSignal,
): ByteSource {
  return {
    size,
    async *chunks(start, end) {
      const last = Math.min(end, size);
      if (start >= last) return;
      const response = await s3.send(
        new GetObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          Range: `bytes=${start}-${last - 1}`,
          ...(object.versionId !== null
            ? { VersionId: object.versionId }
            : object.etag !== null
              ? { IfMatch: `"${object.etag}"` }
              : {}),
        }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      const body = response.Body as
        | (AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void })
        | undefined;
      if (body === undefined) return;
      try {
        for await (const chunk of body) yield chunk;
      } finally {
        // A piece stops reading once its last record ends: release the connection.
        body.destroy?.();
      }
    },
  };
}
