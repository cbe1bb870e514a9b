import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { linkOrCopy } from './LeanS3StoreBody.js';
import type { LeanS3StoreRecord } from './LeanS3StoreJournal.js';
import { parseConfig, pickMetadata, type S3rverMetadata } from './LeanS3StoreModels.js';

/** Folder (inside the store's directory) that legacy bucket folders move to once imported. */
export const LEGACY_FOLDER = '_s3rver-legacy';

/** Marker s3rver's `FilesystemStore` puts in every file name it writes (`<name>._S3rver_<kind>`). */
const MARKER = '._S3rver_';
/** Folder of in-progress multipart uploads at the root of a legacy bucket (not imported). */
const UPLOADS_FOLDER = `${MARKER}uploads`;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MD5_HEX = /^[0-9a-f]{32}$/;
/** Journal records per commit while importing (the journal writes each batch at once). */
const BATCH = 500;

/** A subresource (cors, website, tagging...) as s3rver's model serializes it. */
export interface LegacySubresource {
  type: string;
  xml: string;
}

/** One object of a legacy bucket. */
export interface LegacyObject {
  key: string;
  /** Path of the body file (`<key>._S3rver_object`). */
  path: string;
  size: number;
  /** MD5 hex of the body from its `.md5` file; undefined when that is missing or invalid. */
  md5: string | undefined;
  /** Body file mtime, ms. */
  mtime: number;
  metadata: S3rverMetadata;
  subresources: LegacySubresource[];
}

/** A bucket folder written by s3rver's `FilesystemStore`. */
export interface LegacyBucket {
  name: string;
  /** Folder birthtime (mtime where the file system has none), ms. */
  created: number;
  subresources: LegacySubresource[];
  objects: LegacyObject[];
}

/** What {@link importLegacyBuckets} needs from the store it fills. */
export interface LegacyImportTarget {
  hasBucket(bucket: string): boolean;
  hasObject(bucket: string, key: string): boolean;
  /** A fresh body file: the name journal records use and its path in the objects folder. */
  newBodyFile(): { file: string; path: string };
  /** Applies records to the index and appends them to the journal. */
  commit(records: readonly LeanS3StoreRecord[]): Promise<void>;
}

/** What an import did. */
export interface LegacyImportResult {
  /** Legacy bucket folders found (and moved to {@link LEGACY_FOLDER}). */
  buckets: string[];
  /** Objects added to the store. */
  objects: number;
}

/** Files of one key while walking a bucket folder. */
interface KeyFiles {
  body?: string;
  md5?: string;
  metadata?: string;
  subresources: Map<string, string>;
}

/**
 * Imports the bucket folders of s3rver's `FilesystemStore` found in `directory` into a store,
 * then moves them to `<directory>/_s3rver-legacy/<bucket>/`.
 *
 * It runs whenever such folders exist, journal or not, and adds only what the store lacks: a
 * bucket the store has keeps its own subresources (cors, website), and a key it has keeps its
 * own version (with its tags). So a second run imports nothing twice, and a run that died
 * midway is finished by the next one. Crash safety comes from the order: bodies are hard-linked
 * (copied where links fail) into the objects folder, the records are journaled (a bucket with
 * its subresources, an object with its own, in the same batch, written at once), and only then
 * are the legacy folders moved. A body linked but never journaled is swept by the store's next
 * open; a folder never moved is imported again, which adds only what the journal lacks.
 *
 * The bodies in `_s3rver-legacy/` are the same files (hard links) as the store's, so keeping
 * that folder costs no space until the store deletes or overwrites those objects; users may
 * delete it once they have checked their data, but should not write into it.
 * In-progress multipart uploads (`._S3rver_uploads/`) are not imported.
 */
export async function importLegacyBuckets(
  directory: string,
  target: LegacyImportTarget,
): Promise<LegacyImportResult> {
  const names = await findLegacyBuckets(directory);
  let objects = 0;
  for (const name of names) {
    const bucket = await readLegacyBucket(directory, name);
    let records: LeanS3StoreRecord[] = [];
    const flush = async (): Promise<void> => {
      if (records.length > 0) await target.commit(records);
      records = [];
    };
    if (!target.hasBucket(name)) {
      records.push({ op: 'bucket', b: name, t: bucket.created });
      for (const sub of bucket.subresources) {
        records.push({ op: 'sub', b: name, y: sub.type, x: sub.xml });
      }
    }
    for (const object of bucket.objects) {
      if (target.hasObject(name, object.key)) continue;
      const md5 = object.md5 ?? (await md5OfFile(object.path));
      const { file, path } = target.newBodyFile();
      await linkOrCopy(object.path, path);
      records.push(toPutRecord(name, file, md5, object));
      for (const sub of object.subresources) {
        records.push({ op: 'sub', b: name, k: object.key, y: sub.type, x: sub.xml });
      }
      objects += 1;
      if (records.length >= BATCH) await flush();
    }
    await flush();
  }
  for (const name of names) await moveAway(directory, name);
  return { buckets: names, objects };
}

/**
 * Names of the legacy bucket folders in `directory`: folders with a bucket name (so never
 * `_lean-s3`, `_s3rver-legacy` or a dot folder) that are empty (an empty s3rver bucket) or hold
 * at least one s3rver file.
 */
export async function findLegacyBuckets(directory: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !BUCKET_NAME.test(entry.name)) continue;
    const path = join(directory, entry.name);
    if ((await readdir(path)).length === 0 || (await holdsS3rverFile(path))) names.push(entry.name);
  }
  return names.sort();
}

/**
 * Reads a legacy bucket folder: its subresources and its objects (in key order) with size,
 * stored MD5, mtime, metadata and subresources. Bodies are not read.
 */
export async function readLegacyBucket(directory: string, name: string): Promise<LegacyBucket> {
  const root = join(directory, name);
  const info = await stat(root);
  // Node's Date fields, as s3rver reads them (`mtime` rounds `mtimeMs` to the millisecond; a
  // floor of `mtimeMs` can fall in the second before the one s3rver reported).
  const created = info.birthtimeMs > 0 ? info.birthtime.getTime() : info.mtime.getTime();
  const keys = new Map<string, KeyFiles>();
  await walk(root, '', keys);
  const bucketFiles = keys.get('');
  keys.delete('');
  const objects: LegacyObject[] = [];
  for (const [key, files] of [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (files.body === undefined) continue;
    const body = await stat(files.body);
    if (!body.isFile()) continue;
    objects.push({
      key,
      path: files.body,
      size: body.size,
      md5: await readMd5(files.md5),
      mtime: body.mtime.getTime(),
      metadata: pickMetadata((await readJson(files.metadata)) ?? {}),
      subresources: await readSubresources(files.subresources),
    });
  }
  return {
    name,
    created,
    subresources: bucketFiles ? await readSubresources(bucketFiles.subresources) : [],
    objects,
  };
}

/** The journal record of an imported object whose body is now `file`. */
function toPutRecord(
  bucket: string,
  file: string,
  md5: string,
  object: LegacyObject,
): LeanS3StoreRecord {
  return {
    op: 'put',
    b: bucket,
    k: object.key,
    f: file,
    s: object.size,
    e: md5,
    t: object.mtime,
    m: object.metadata,
  };
}

/** Collects the s3rver files under `dir` by key (`''` holds the bucket's own subresources). */
async function walk(dir: string, prefix: string, keys: Map<string, KeyFiles>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const isDirectory = entry.isSymbolicLink()
      ? (await stat(path)).isDirectory()
      : entry.isDirectory();
    if (isDirectory) {
      if (prefix === '' && entry.name === UPLOADS_FOLDER) continue;
      await walk(path, `${prefix}${entry.name}/`, keys);
      continue;
    }
    const at = entry.name.lastIndexOf(MARKER);
    if (at < 0) continue;
    const key = decodeKeyPath(prefix + entry.name.slice(0, at));
    const kind = entry.name.slice(at + MARKER.length);
    let files = keys.get(key);
    if (!files) {
      files = { subresources: new Map() };
      keys.set(key, files);
    }
    if (kind === 'object') files.body = path;
    else if (kind === 'object.md5') files.md5 = path;
    else if (kind === 'metadata.json') files.metadata = path;
    else if (kind.endsWith('.xml') && kind.length > 4)
      files.subresources.set(kind.slice(0, -4), path);
  }
}

/** Whether a folder holds, at any depth, a file of s3rver's `FilesystemStore`. */
async function holdsS3rverFile(dir: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.includes(MARKER) && !entry.isDirectory()) return true;
    if (entry.isDirectory() && (await holdsS3rverFile(join(dir, entry.name)))) return true;
  }
  return false;
}

/** s3rver encodes `<>:"\|?*` in key paths as `&<hex>` on Windows only. */
function decodeKeyPath(keyPath: string): string {
  return process.platform === 'win32'
    ? keyPath.replace(/&../g, (entity) => Buffer.from(entity.slice(1), 'hex').toString())
    : keyPath;
}

async function readMd5(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const text = (await readOptional(path))?.trim().toLowerCase();
  return text !== undefined && MD5_HEX.test(text) ? text : undefined;
}

/** MD5 hex of a file, streamed. */
export async function md5OfFile(bodyPath: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(bodyPath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Parsed JSON object of a file; undefined when it is missing or not a JSON object. */
async function readJson(path: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (path === undefined) return undefined;
  const text = await readOptional(path);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // a torn metadata file: the object keeps the default content type
  }
}

/** Subresources s3rver's models can parse, re-serialized as the store writes them. */
async function readSubresources(paths: ReadonlyMap<string, string>): Promise<LegacySubresource[]> {
  const subresources: LegacySubresource[] = [];
  for (const [type, path] of [...paths].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const xml = await readOptional(path);
    if (xml === undefined) continue;
    try {
      const config = parseConfig(type, xml);
      if (config) subresources.push({ type, xml: config.toXML() });
    } catch {
      // unparseable: s3rver could not have served it either
    }
  }
  return subresources;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Moves an imported bucket folder under {@link LEGACY_FOLDER} (`<name>-2`... if taken). */
async function moveAway(directory: string, name: string): Promise<void> {
  const parent = join(directory, LEGACY_FOLDER);
  await mkdir(parent, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const target = join(parent, attempt === 1 ? name : `${name}-${attempt}`);
    try {
      await stat(target);
      continue; // taken by an earlier import
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rename(join(directory, name), target);
    return;
  }
}
