import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { BucketNotEmptyError } from './errors.js';

/** DeleteObjects takes at most 1,000 keys a request (S3 API Reference, DeleteObjects). */
const DELETE_BATCH = 1000;

/** Complete passes that may still find objects before giving up (uploads that keep arriving). */
const MAX_PASSES = 5;

type Client = Pick<S3Client, 'send'>;

/** One ListObjectVersions page. */
type Page = ListObjectVersionsCommandOutput;

/**
 * Deletes every object version and delete marker of a versioned bucket and verifies that it is
 * empty, so that `terraform destroy` can delete the bucket. Resolves to the number deleted.
 *
 * It runs passes, each a ListObjectVersions listing from the start to its last page, deleting
 * what it lists, and returns only after a complete pass found nothing: that pass proves the
 * bucket empty, including of objects that arrived behind the listing's cursor while an earlier
 * pass ran (a late upload), which a single pass would leave behind.
 *
 * The rules followed, from the S3 API Reference
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html):
 * - a page holds at most MaxKeys entries, versions and delete markers together, and "might
 *   contain fewer"; only `IsTruncated` says whether more follow;
 * - the next page is asked for with `key-marker` = NextKeyMarker and `version-id-marker` =
 *   NextVersionIdMarker (a version-id-marker needs its key-marker);
 * - DeleteMarkers are entries like Versions: both are deleted by Key and VersionId. A delete
 *   without a VersionId only adds a delete marker; an object written while versioning was off
 *   or suspended has the VersionId `null`
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html,
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectsfromVersioningSuspendedBuckets.html).
 * The next page is listed before the current one is deleted, so every marker sent still names
 * an existing version. A truncated page without NextKeyMarker cannot be followed: the pass ends
 * there and the next one starts over, which makes progress because the pages before are gone.
 */
export async function emptyBucket(
  client: Client,
  bucket: string,
  options: { maxPasses?: number } = {},
): Promise<number> {
  const maxPasses = options.maxPasses ?? MAX_PASSES;
  let deleted = 0;
  let passesWithObjects = 0;
  for (;;) {
    const pass = await deletePass(client, bucket);
    deleted += pass.deleted;
    if (pass.complete) {
      if (pass.deleted === 0) return deleted;
      passesWithObjects += 1;
      if (passesWithObjects >= maxPasses) {
        throw new BucketNotEmptyError(
          `bucket ${bucket} still held objects after ${passesWithObjects} complete passes (${deleted} version(s) deleted): are uploads still arriving? Stop them, then retry`,
        );
      }
    } else if (pass.deleted === 0) {
      throw new BucketNotEmptyError(
        `ListObjectVersions of ${bucket} says it is truncated but names no NextKeyMarker, so the rest of the bucket cannot be listed`,
      );
    }
  }
}

/** One listing from the start, deleting each page; `complete` when it reached the last page. */
async function deletePass(
  client: Client,
  bucket: string,
): Promise<{ deleted: number; complete: boolean }> {
  let deleted = 0;
  let page = await listPage(client, bucket);
  for (;;) {
    const truncated = page.IsTruncated === true;
    const followable = truncated && (page.NextKeyMarker ?? '') !== '';
    const next = followable
      ? await listPage(client, bucket, page.NextKeyMarker, page.NextVersionIdMarker)
      : undefined;
    deleted += await deleteEntries(client, bucket, page);
    if (next === undefined) return { deleted, complete: !truncated };
    page = next;
  }
}

function listPage(
  client: Client,
  bucket: string,
  keyMarker?: string,
  versionIdMarker?: string,
): Promise<Page> {
  return client.send(
    new ListObjectVersionsCommand({
      Bucket: bucket,
      ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
      ...(keyMarker === undefined || versionIdMarker === undefined || versionIdMarker === ''
        ? {}
        : { VersionIdMarker: versionIdMarker }),
    }),
  );
}

async function deleteEntries(client: Client, bucket: string, page: Page): Promise<number> {
  const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
    .filter((entry) => entry.Key !== undefined)
    .map((entry) => ({ Key: entry.Key!, VersionId: entry.VersionId ?? 'null' }));
  for (let i = 0; i < entries.length; i += DELETE_BATCH) {
    const batch = entries.slice(i, i + DELETE_BATCH);
    const result = await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }),
    );
    const errors = result.Errors ?? [];
    if (errors.length > 0) {
      const first = errors[0]!;
      throw new BucketNotEmptyError(
        `could not delete ${errors.length} object version(s) from ${bucket}, e.g. ${first.Key} (${first.Code}: ${first.Message})`,
      );
    }
  }
  return entries.length;
}
