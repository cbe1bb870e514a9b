import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate.mjs';
import { profileFile } from '../../src/files/index.js';
import type { Summary } from '../../src/profile/types.js';
import {
  type ColumnFacts,
  compareColumn,
  DuckDbOracle,
  duckTypeToOurs,
  explainTypeDifference,
  type LoadedCsv,
} from './duckdbOracle.js';

// DuckDB (@duckdb/node-api) as an independent oracle for the profiler's exact statistics.
// DuckDB reads each file twice: with its own sniffer (for the type comparison) and all VARCHAR,
// from which it computes counts and statistics over the same non-missing numeric values our
// profiler uses (see duckdbOracle.ts for the number grammar and the documented differences).

/** mulberry32, seeded: the generated file is the same on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENERATED_ROWS = 3000;

/** A small seeded CSV: ints, floats, nulls, null tokens, a few invalid tokens, edge types. */
function generatedCsv(): string {
  const rnd = createRandom(2024);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lines = ['id,qty,price,measure,big,flag01,code,day,ok,word,blank'];
  for (let i = 0; i < GENERATED_ROWS; i++) {
    const r = rnd();
    const qty = r < 0.05 ? '' : String(Math.floor(rnd() * 2001) - 1000);
    const r2 = rnd();
    const price =
      r2 < 0.02
        ? ''
        : r2 < 0.05
          ? pick(['NA', 'N/A', 'null', '-'])
          : r2 < 0.06
            ? pick(['n/a?', '#REF!', 'twelve'])
            : (rnd() * 1000).toFixed(2);
    const r3 = rnd();
    const measure =
      r3 < 0.1
        ? `${(rnd() * 9 + 1).toFixed(3)}e${Math.floor(rnd() * 7) - 3}`
        : ((rnd() - 0.5) * 2e5).toFixed(5);
    // Integers beyond 2^53 (exact digits must survive in min_exact/max_exact).
    const big = (9_007_199_254_740_993n + BigInt(Math.floor(rnd() * 1e12)) * 1000n).toString();
    const flag01 = rnd() < 0.3 ? '1' : '0';
    const code = String(Math.floor(rnd() * 99_999)).padStart(5, '0');
    const day = `20${String(10 + Math.floor(rnd() * 15))}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const ok = rnd() < 0.02 ? '' : rnd() < 0.6 ? 'true' : 'false';
    const word = pick(['alpha', 'beta', 'gamma', '"delta, epsilon"', '"say ""hi"""']);
    lines.push([i + 1, qty, price, measure, big, flag01, code, day, ok, word, ''].join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface Compared {
  summary: Summary;
  csv: LoadedCsv;
  facts: ColumnFacts[];
}

async function profileAndFacts(oracle: DuckDbOracle, path: string): Promise<Compared> {
  const summary = await profileFile(path);
  const csv = await oracle.load(path);
  const facts: ColumnFacts[] = [];
  for (let i = 0; i < csv.names.length; i++) facts.push(await oracle.facts(csv, i));
  return { summary, csv, facts };
}

function mismatches({ summary, csv, facts }: Compared): string[] {
  const out: string[] = [];
  if (summary.row_count !== csv.rowCount) {
    out.push(`row_count ${summary.row_count} != DuckDB ${csv.rowCount}`);
  }
  if (summary.columns.length !== facts.length) {
    out.push(`columns ${summary.columns.length} != DuckDB ${facts.length}`);
    return out;
  }
  if (summary.dialect.header !== csv.header) {
    out.push(`header ${summary.dialect.header} != DuckDB ${csv.header}`);
  }
  summary.columns.forEach((col, i) => {
    out.push(...compareColumn(col, facts[i]!, summary));
  });
  return out;
}

let oracle: DuckDbOracle;
let dir: string;

beforeAll(async () => {
  oracle = await DuckDbOracle.open();
  dir = mkdtempSync(join(tmpdir(), 'csv-ingest-oracle-'));
});

afterAll(() => {
  oracle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('profileFile against DuckDB on generated data', () => {
  let compared: Compared;

  beforeAll(async () => {
    const path = join(dir, 'generated.csv');
    writeFileSync(path, generatedCsv());
    compared = await profileAndFacts(oracle, path);
  });

  it('returns the row count DuckDB counts', () => {
    // Prepare / Act: beforeAll. Assess:
    expect(compared.summary.row_count).toBe(GENERATED_ROWS);
    expect(compared.csv.rowCount).toBe(GENERATED_ROWS);
  });

  it('returns the types expected, differing from DuckDB only where documented', () => {
    const { summary, facts } = compared;
    // Ours: null tokens and 1% invalid keep price a float; leading-zero codes stay strings;
    // a 0/1 column is int (as DuckDB has it); an all-empty column is `empty`.
    expect(summary.schema).toEqual({
      id: 'int',
      qty: 'int',
      price: 'float',
      measure: 'float',
      big: 'int',
      flag01: 'int',
      code: 'string',
      day: 'date',
      ok: 'boolean',
      word: 'string',
      blank: 'empty',
    });
    const reasons = Object.fromEntries(
      summary.columns
        .map((col, i) => ({ col, facts: facts[i]! }))
        .filter(({ col, facts: f }) => duckTypeToOurs(f.nativeType) !== col.type)
        .map(({ col, facts: f }) => [col.name, explainTypeDifference(col, f, summary)]),
    );
    // price: DuckDB says VARCHAR because of 'N/A' and '#REF!'; blank: DuckDB says VARCHAR.
    expect(Object.keys(reasons)).toContain('price');
    expect(Object.values(reasons)).not.toContain(null);
  });

  it('returns null counts, min/max/mean/stddev and quantiles that match DuckDB', () => {
    const found = mismatches(compared);

    expect(found).toEqual([]);
  });

  it('returns the exact digits of integers beyond 2^53', () => {
    const i = compared.summary.columns.findIndex((c) => c.name === 'big');
    const big = compared.summary.columns[i]!;
    const facts = compared.facts[i]!;

    expect(big.numeric?.min_exact).toBe(facts.intMinExact);
    expect(big.numeric?.max_exact).toBe(facts.intMaxExact);
    expect(BigInt(facts.intMinExact!)).toBeGreaterThan(2n ** 53n);
  });

  it('reports a mismatch when a statistic drifts beyond its tolerance', () => {
    // Prepare: the oracle itself must be able to fail, so perturb a correct profile.
    const i = compared.summary.columns.findIndex((c) => c.name === 'measure');
    const col = structuredClone(compared.summary.columns[i]!);
    col.numeric!.mean = col.numeric!.mean! * (1 + 1e-7);
    col.numeric!.quantiles.p95 *= 1.05;
    col.missing += 1;

    // Act
    const found = compareColumn(col, compared.facts[i]!, compared.summary);

    // Assess
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toMatch(/missing[\s\S]*mean[\s\S]*p95/);
  });

  it('counts the invalid tokens of a numeric column and not the null tokens', () => {
    const i = compared.summary.columns.findIndex((c) => c.name === 'price');
    const price = compared.summary.columns[i]!;
    const facts = compared.facts[i]!;

    expect(price.invalid).toBeGreaterThan(0);
    expect(price.missing).toBe(facts.missing);
    expect(price.count - price.invalid).toBe(facts.numeric.n);
  });
});

describe('profileFile against DuckDB on the benchmark generators', () => {
  it.for(['mixed', 'narrow', 'wide'] as const)(
    'returns the statistics DuckDB computes for a 1 MB %s file',
    async (variant) => {
      // Prepare: dirty data (3% empty, 0.5% invalid numbers, quoted newlines, doubled quotes).
      const info = generate(variant, 1, join(dir, `${variant}.csv`));

      // Act
      const compared = await profileAndFacts(oracle, info.path);

      // Assess
      expect(compared.summary.row_count).toBe(info.rows);
      expect(mismatches(compared)).toEqual([]);
    },
  );
});

const VEGA_DIR = fileURLToPath(new URL('../../node_modules/vega-datasets/data', import.meta.url));
const VEGA_CSVS = readdirSync(VEGA_DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort();

describe('profileFile against DuckDB on the vega-datasets CSVs', () => {
  it('finds the vega-datasets CSVs', () => {
    expect(VEGA_CSVS.length).toBeGreaterThanOrEqual(20);
  });

  it.for(VEGA_CSVS)('returns the statistics DuckDB computes for %s', async (name, ctx) => {
    // Prepare: files DuckDB cannot read cleanly are skipped with DuckDB's reason.
    const path = join(VEGA_DIR, name);
    let csv: LoadedCsv;
    try {
      csv = await oracle.load(path);
    } catch (error) {
      ctx.skip(`DuckDB cannot read ${name}: ${String(error).split('\n')[0]}`);
      return;
    }
    const facts: ColumnFacts[] = [];
    for (let i = 0; i < csv.names.length; i++) facts.push(await oracle.facts(csv, i));

    // Act
    const summary = await profileFile(path);

    // Assess
    expect(mismatches({ summary, csv, facts })).toEqual([]);
  });
});
