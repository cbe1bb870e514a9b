/**
 * Orders keys like S3 does, by their UTF-8 bytes. UTF-16 order differs from it only where a
 * surrogate pair (U+10000 and up) meets a code unit in U+E000..U+FFFF, which this corrects.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Index of the first key in `sorted` that is greater than `key` (or >= with `inclusive`). */
export function searchKeys(sorted: readonly string[], key: string, inclusive = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = compareKeys(sorted[mid] as string, key);
    if (order < 0 || (order === 0 && !inclusive)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Inserts a key that is not yet in `sorted`, keeping the order. */
export function insertKey(sorted: string[], key: string): void {
  sorted.splice(searchKeys(sorted, key, true), 0, key);
}

/** Removes a key from `sorted` if present. */
export function removeKey(sorted: string[], key: string): void {
  const index = searchKeys(sorted, key, true);
  if (sorted[index] === key) sorted.splice(index, 1);
}

/** What s3rver's bucket controller passes to `listObjects`. */
export interface ListOptions {
  delimiter?: string | undefined;
  startAfter?: string | undefined;
  prefix?: string | undefined;
  maxKeys?: number | undefined;
}

/** A page of keys: object keys, common prefixes, and whether more objects follow. */
export interface KeyPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
}

/**
 * Lists one page of `sorted` the way s3rver's controller can page it: `maxKeys` counts objects
 * only, because its continuation token is the last object key. A truncated page therefore
 * carries only the common prefixes before its last key; the next page starts after that key and
 * reports the rest, so no prefix is lost or repeated.
 */
export function listKeys(sorted: readonly string[], options: ListOptions): KeyPage {
  const prefix = options.prefix ?? '';
  const delimiter = options.delimiter ?? '';
  const startAfter = options.startAfter ?? '';
  const maxKeys = options.maxKeys ?? Number.POSITIVE_INFINITY;
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let isTruncated = false;
  let index = Math.max(
    startAfter ? searchKeys(sorted, startAfter) : 0,
    prefix ? searchKeys(sorted, prefix, true) : 0,
  );
  for (; index < sorted.length; index++) {
    const key = sorted[index] as string;
    if (!key.startsWith(prefix)) break;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        const common = key.slice(0, at + delimiter.length);
        if (commonPrefixes[commonPrefixes.length - 1] !== common) commonPrefixes.push(common);
        continue;
      }
    }
    if (keys.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    keys.push(key);
  }
  if (isTruncated) {
    const last = keys[keys.length - 1] ?? '';
    while (commonPrefixes.length > 0) {
      const common = commonPrefixes[commonPrefixes.length - 1] as string;
      if (compareKeys(common, last) < 0) break;
      commonPrefixes.pop();
    }
  }
  return { keys, commonPrefixes, isTruncated };
}
