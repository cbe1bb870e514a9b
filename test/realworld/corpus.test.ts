import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCorpus, type FileStatus, loadSources } from '../../scripts/corpus/fetch.js';
import { DuckDbOracle } from '../oracle/duckdbOracle.js';
import {
  agrees,
  differences,
  duckdbFacts,
  duckdbFieldsOf,
  type Expectation,
  expectedValue,
  type Facts,
  fieldsOf,
  profile,
  profilerFacts,
} from './compare.js';
import { DUCKDB_DIFFERENCES } from './duckdbDifferences.js';
import { DEFECTS, KNOWN_DEFECTS, knownDefectsOf } from './knownDefects.js';

// The real-world corpus of issue 13: files nobody here wrote (npm and Debian packages, pinned by
// SHA-256 in scripts/corpus/sources.json, cached in .cache/corpus/ by scripts/corpus/fetch.ts),
// each profiled and read by DuckDB, both compared with expectations.json, which was decided by
// reading the files (scripts/corpus/decide.py), not by either tool. A field the profiler gets
// wrong today is listed in knownDefects.ts and asserted to still be wrong (it.fails); where DuckDB
// differs is listed, with who is right, in duckdbDifferences.ts. A source that cannot be fetched
// is skipped with one line saying why.

const EXPECTATIONS = (
  JSON.parse(readFileSync(new URL('./expectations.json', import.meta.url), 'utf8')) as {
    files: Expectation[];
  }
).files;

interface Result {
  status: FileStatus;
  profiler?: Facts;
  duckdb?: Facts;
}

const results = new Map<string, Result>();
let oracle: DuckDbOracle;

beforeAll(async () => {
  const corpus = await ensureCorpus((line) => console.warn(line));
  oracle = await DuckDbOracle.open();
  for (const e of EXPECTATIONS) {
    const status = corpus.get(e.file);
    if (status === undefined) throw new Error(`${e.file} is not in scripts/corpus/sources.json`);
    if (status.status !== 'ok') {
      results.set(e.file, { status });
      continue;
    }
    results.set(e.file, {
      status,
      profiler: profilerFacts(e, await profile(status.path)),
      duckdb: await duckdbFacts(oracle, status.path),
    });
  }
}, 600_000);

afterAll(() => oracle?.close());

/** The facts of `file`, or a skip with the reason the file is missing. */
function factsOf(file: string, skip: (note: string) => void): Result {
  const result = results.get(file)!;
  if (result.status.status === 'skipped') skip(`${file}: ${result.status.reason}`);
  return result;
}

describe('the real-world corpus', () => {
  it('holds at least 30 files from at least 10 independent sources', () => {
    const sources = loadSources();
    const files = sources.flatMap((s) => s.files);
    const publishers = sources.filter((s) => s.kind !== 'derived');

    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(publishers.length).toBeGreaterThanOrEqual(10);
    expect(EXPECTATIONS.map((e) => e.file).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it('names only files and fields that have an expectation in knownDefects.ts', () => {
    const stated = new Map(EXPECTATIONS.map((e) => [e.file, new Set<string>(fieldsOf(e))]));
    for (const [file, fields] of Object.entries(KNOWN_DEFECTS)) {
      expect(stated.has(file), file).toBe(true);
      for (const field of Object.keys(fields)) {
        if (field !== '*') expect(stated.get(file)!.has(field), `${file} ${field}`).toBe(true);
      }
    }
  });

  it('covers every defect of issue 13 with at least one file', () => {
    // A file's note names the defects it shows ("(defect 3)", "(defects 2, 11)"); a fixed
    // defect leaves knownDefects.ts but keeps its files.
    const named = EXPECTATIONS.flatMap((e) =>
      [...e.note.matchAll(/defects? (\d+(?:, \d+)*)/g)].flatMap((m) => m[1]!.split(', ')),
    ).map(Number);
    const known = Object.values(KNOWN_DEFECTS).flatMap((fields) => Object.values(fields).flat());
    const covered = new Set([...named, ...known]);

    expect([...covered].sort((a, b) => a - b)).toEqual(Object.keys(DEFECTS).map(Number));
  });

  it('reports a difference when a field drifts from the expectation', () => {
    // Prepare: the comparison itself must be able to fail.
    const e = EXPECTATIONS.find((x) => x.file === 'mixed_currencies_one_windows1252_line.csv')!;
    const right: Facts = Object.fromEntries(fieldsOf(e).map((f) => [f, expectedValue(e, f)]));
    const meanLength = e.meanLength!.name!;

    // Act
    const none = differences(e, right);
    const some = differences(e, {
      ...right,
      rows: (e.rows ?? 0) + 1,
      meanLength: { name: meanLength * (1 + 1e-6) },
    });

    // Assess
    expect(none).toEqual([]);
    expect(some).toEqual(['rows', 'meanLength']);
  });
});

describe.each(EXPECTATIONS)('$file', (e) => {
  for (const field of fieldsOf(e)) {
    const defects = knownDefectsOf(e.file, field);
    const title =
      defects.length === 0
        ? `the profiler returns the expected ${field}`
        : `the profiler still gets ${field} wrong: issue 13 defect ${defects.join(', ')} (${DEFECTS[defects[0]!]})`;
    (defects.length === 0 ? it : it.fails)(title, (ctx) => {
      const { profiler } = factsOf(e.file, (note) => ctx.skip(note));

      expect(agrees(e, field, profiler![field]), JSON.stringify(profiler![field])).toBe(true);
    });
  }

  it('DuckDB differs from the expectation only where duckdbDifferences.ts says', (ctx) => {
    const { duckdb } = factsOf(e.file, (note) => ctx.skip(note));
    // An error stops the comparison: the other fields have no value.
    const found = agrees(e, 'error', duckdb!.error)
      ? duckdbFieldsOf(e).filter((f) => !agrees(e, f, duckdb![f]))
      : ['error'];

    expect(found).toEqual(DUCKDB_DIFFERENCES[e.file]?.fields ?? []);
  });
});
