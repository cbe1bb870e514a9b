import { createHash } from 'node:crypto';
import { REPORT_SUFFIX, SUMMARY_SUFFIX } from './constants.js';
import type { ObjectInfo } from './types.js';

/**
 * This file owns the rule that maps an upload to the keys of what the processor writes for it
 * (the summary JSON and the HTML report). The rule, documented in the README ("Where results go"):
 *
 *   <processed prefix><path under the upload prefix>/<version tag><suffix>
 *   e.g. uploads/coll/a.csv  ->  processed/coll/a.csv/20241203T073256123Z-1f3a9c0d2b4e_summary.json
 *
 * - The whole upload path is kept, suffix included, so `a.csv`, `a.tsv` and `a.csv.gz` never
 *   share a summary.
 * - The version tag makes the key unique per object version: a summary object is written once,
 *   before the item that points to it, and never overwritten by another version's result. The
 *   item's `summary_key` is how readers find the summary of the version it describes.
 * - The mapping is injective: a processed path ends with a CSV suffix, a tag has no `/`, and a
 *   shortened path (below) ends with `~<hash>`, which no CSV suffix does.
 */

/** S3's longest object key, in UTF-8 bytes. */
export const MAX_S3_KEY_BYTES = 1024;

/** Hex digits of the SHA-256 of the version identity in a tag (48 bits: unique per file). */
const TAG_HASH_HEX = 12;
/** Hex digits of the SHA-256 of the full path appended to a shortened path. */
const PATH_HASH_HEX = 16;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The version tag of an object: `<event time, compact UTC to the ms>-<12 hex>`. The time makes
 * a file's results list in upload order; the hash is of the S3 version id when the bucket is
 * versioned, else of the ordering key (sequencer and event time) and the ETag, which identify
 * one PUT of one key. Repeated deliveries of one event give the same tag.
 * @example versionTag({ versionId: 'v1', eventTime: '2024-12-03T07:32:56.123Z', ... }) // '20241203T073256123Z-…'
 */
export function versionTag(
  object: Pick<ObjectInfo, 'versionId' | 'etag' | 'orderKey' | 'eventTime'>,
): string {
  const identity =
    object.versionId !== null && object.versionId !== 'null'
      ? `version:${object.versionId}`
      : `order:${object.orderKey}:etag:${object.etag ?? ''}`;
  const ms = object.eventTime === null ? Number.NaN : Date.parse(object.eventTime);
  const time = Number.isFinite(ms)
    ? new Date(ms).toISOString().replace(/[-:.]/g, '')
    : '00000000T000000000Z';
  return `${time}-${sha256Hex(identity).slice(0, TAG_HASH_HEX)}`;
}

/** The longest prefix of `text` whose UTF-8 encoding fits `maxBytes`, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * The key of a result (`suffix`, e.g. `_summary.json`) of one object version. When the full
 * path would make the key longer than S3's 1,024 bytes, the path is cut (at a code point) and
 * `~<16 hex of the SHA-256 of the full path>` appended, so the key stays unique and within the
 * limit; the item records the key either way.
 */
export function resultKeyFor(
  fileName: string,
  tag: string,
  processedPrefix: string,
  suffix: string,
): string {
  const tail = `${tag}${suffix}`;
  const full = `${resultFolderFor(fileName, processedPrefix)}${tail}`;
  if (Buffer.byteLength(full, 'utf8') <= MAX_S3_KEY_BYTES) return full;
  const marker = `~${sha256Hex(fileName).slice(0, PATH_HASH_HEX)}/`;
  const room =
    MAX_S3_KEY_BYTES -
    Buffer.byteLength(processedPrefix, 'utf8') -
    Buffer.byteLength(tail, 'utf8') -
    marker.length;
  return `${processedPrefix}${truncateUtf8(fileName, Math.max(0, room))}${marker}${tail}`;
}

/**
 * The folder that holds every result of an upload path (`<processed prefix><path>/`), for
 * paths short enough not to be cut (every path under about 950 bytes).
 */
export function resultFolderFor(fileName: string, processedPrefix: string): string {
  return `${processedPrefix}${fileName}/`;
}

/** The summary key of an object version (see the rule at the top of this file). */
export function summaryKeyOf(object: ObjectInfo, processedPrefix: string): string {
  return resultKeyFor(object.fileName, versionTag(object), processedPrefix, SUMMARY_SUFFIX);
}

/** The HTML report key of an object version: the summary key's folder and tag, `_report.html`. */
export function reportKeyOf(object: ObjectInfo, processedPrefix: string): string {
  return resultKeyFor(object.fileName, versionTag(object), processedPrefix, REPORT_SUFFIX);
}

/**
 * The folder of a split upload's parts (its plan and its pieces' states):
 * `<parts prefix><path>/<version tag>/`, cut like a result key when too long. The version tag
 * makes it unique per object version, so the pieces of two uploads of one path never mix; it is
 * also the split's id in the coordination table.
 */
export function partsFolderOf(object: ObjectInfo, partsPrefix: string): string {
  // A result key with suffix "/" is the folder: the rule above, length limit included.
  return resultKeyFor(object.fileName, versionTag(object), partsPrefix, '/');
}
