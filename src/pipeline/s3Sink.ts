import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { summaryToJson } from '../profile/index.js';
import type { Summary } from '../profile/types.js';
import { type ReportContext, renderProfileReport } from '../report/index.js';

/** Writes the full summary JSON (`application/json`); non-finite numbers serialise as null. */
export async function putSummary(
  s3: S3Client,
  bucket: string,
  key: string,
  summary: Summary,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: summaryToJson(summary),
      ContentType: 'application/json',
    }),
  );
}

/** Writes the self-contained HTML report of a summary (`text/html; charset=utf-8`). */
export async function putReport(
  s3: S3Client,
  bucket: string,
  key: string,
  summary: Summary,
  context: ReportContext,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: renderProfileReport(summary, context),
      ContentType: 'text/html; charset=utf-8',
    }),
  );
}
