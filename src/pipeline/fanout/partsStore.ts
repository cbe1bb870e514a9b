import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

// A split upload's parts in S3, under its parts folder (resultKey.ts `partsFolderOf`): the plan
// the first invocation wrote (`plan.json`) and each piece's result (`piece-<i>.json`). They are
// read back only by the split's own invocations, and a lifecycle rule on the parts prefix
// expires them (terraform/modules/s3).

/** The key of the split's plan. */
export const planKey = (folder: string): string => `${folder}plan.json`;

/** The key of piece `index`'s result. */
export const pieceKey = (folder: string, index: number): string => `${folder}piece-${index}.json`;

/** Writes a part (JSON). */
export async function putPart(
  s3: S3Client,
  bucket: string,
  key: string,
  value: unknown,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
    }),
  );
}

/** Reads a part (JSON) back. */
export async function getPart<T>(
  s3: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<T> {
  const response = await s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
    signal === undefined ? {} : { abortSignal: signal },
  );
  const text = await response.Body!.transformToString('utf8');
  return JSON.parse(text) as T;
}
