import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** An object body opened for streaming. */
export interface OpenedObject {
  body: AsyncIterable<Uint8Array>;
  /** Destroys the underlying HTTP stream (no-op if already finished). */
  destroy: () => void;
  contentLength: number | null;
  etag: string | null;
  versionId: string | null;
}

/** Opens `GetObject` as a stream (never buffered); `VersionId` pins the event's version. */
export async function openObject(
  s3: S3Client,
  request: { bucket: string; key: string; versionId: string | null },
  signal: AbortSignal,
): Promise<OpenedObject> {
  const response = await s3.send(
    new GetObjectCommand({
      Bucket: request.bucket,
      Key: request.key,
      ...(request.versionId === null ? {} : { VersionId: request.versionId }),
    }),
    { abortSignal: signal },
  );
  const body = response.Body as
    | (AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void })
    | undefined;
  const empty: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };
  return {
    body: body ?? empty,
    destroy: () => body?.destroy?.(),
    contentLength: response.ContentLength ?? null,
    etag: response.ETag?.replace(/"/g, '') ?? null,
    versionId: response.VersionId ?? null,
  };
}
