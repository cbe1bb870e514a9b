import { describe, expect, it } from 'vitest';
import {
  mergeStates,
  profileBytes,
  profileBytesState,
  summarizeState,
  summaryToJson,
} from '../../src/profile/index.js';
import { utf8 } from './helpers.js';

const QUANTILES = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };

/** DuckDB's `quantile_disc` of `values`: the sorted value at max(1, ceil(n q)) - 1. */
function quantileDisc(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(sorted.length * q)) - 1]!;
}

describe('summary distinct', () => {
  it('returns at most the non-missing count when distinct values are estimated', () => {
    // Prepare: 10,000 distinct integers, past the exact limit; HyperLogLog says 10,037.
    const text = `n\n${Array.from({ length: 10_000 }, (_, i) => i).join('\n')}\n`;

    // Act
    const column = profileBytes(utf8(text)).columns[0]!;

    // Assess
    expect(column.distinct_estimated).toBe(true);
    expect(column.count).toBe(10_000);
    expect(column.distinct).toBeLessThanOrEqual(column.count);
  });

  it('returns at most the non-missing count after a merge', () => {
    // Prepare
    const head = `n\n${Array.from({ length: 6000 }, (_, i) => i).join('\n')}\n`;
    const tail = `${Array.from({ length: 4000 }, (_, i) => 6000 + i).join('\n')}\n`;

    // Act
    const merged = summarizeState(
      mergeStates(profileBytesState(utf8(head)), profileBytesState(utf8(tail), { header: false })),
    );

    // Assess
    expect(merged.columns[0]!.count).toBe(10_000);
    expect(merged.columns[0]!.distinct).toBeLessThanOrEqual(10_000);
  });
});

describe('summary quantiles', () => {
  it('returns the exact quantiles of a low-cardinality column (years 2012..2022)', () => {
    // Prepare: 1,000 years, unevenly spread over 2012..2022.
    const years = Array.from({ length: 1000 }, (_, i) => 2012 + ((i * i + 3 * i) % 11));

    // Act
    const numeric = profileBytes(utf8(`year\n${years.join('\n')}\n`)).columns[0]!.numeric!;

    // Assess
    for (const [key, q] of Object.entries(QUANTILES)) {
      expect(numeric.quantiles[key as keyof typeof QUANTILES], key).toBe(quantileDisc(years, q));
    }
    expect(new Set(Object.values(numeric.quantiles)).size).toBeGreaterThan(3);
    const binned = numeric.histogram.reduce((sum, bin) => sum + bin.count, 0);
    expect(binned).toBe(1000);
    expect(numeric.histogram[0]!.count).toBe(years.filter((y) => y === 2012).length);
  });

  it('returns exact quantiles of decimals, skipping the text values of the column', () => {
    // Prepare: 40 distinct decimals and one invalid text value.
    const values = Array.from({ length: 400 }, (_, i) => ((i * 37) % 40) / 8 + 100);
    const text = `x\n${values.join('\n')}\noops\n`;

    // Act
    const numeric = profileBytes(utf8(text)).columns[0]!.numeric!;

    // Assess
    for (const [key, q] of Object.entries(QUANTILES)) {
      expect(numeric.quantiles[key as keyof typeof QUANTILES], key).toBe(quantileDisc(values, q));
    }
  });
});

describe('summaryToJson', () => {
  /** The keys of the object `field` opens in JSON text (its own, not nested ones), in order. */
  const keysInText = (json: string, field: string): string[] => {
    const keys: string[] = [];
    let depth = 0;
    const pattern = /"((?:[^"\\]|\\.)*)"(:?)|[{}[\]]/g;
    pattern.lastIndex = json.indexOf(`"${field}": {`) + field.length + 5;
    for (let m = pattern.exec(json); m !== null; m = pattern.exec(json)) {
      if (m[0] === '{' || m[0] === '[') depth++;
      else if (m[0] === '}' || m[0] === ']') {
        if (depth-- === 0) break;
      } else if (depth === 0 && m[2] === ':') keys.push(m[1]!);
    }
    return keys;
  };

  it('writes schema, statistics and the quality maps in file order for integer-like names', () => {
    // Prepare
    const summary = profileBytes(utf8('2013,2012,b,1\n1,,x,3\n2,5,y,\n'), { header: true });

    // Act
    const json = summaryToJson(summary, 2);

    // Assess: JSON.stringify puts integer-like keys first, in numeric order.
    expect(keysInText(JSON.stringify(summary, null, 2), 'schema')).toEqual([
      '1',
      '2012',
      '2013',
      'b',
    ]);
    expect(keysInText(json, 'schema')).toEqual(['2013', '2012', 'b', '1']);
    expect(keysInText(json, 'statistics')).toEqual(['2013', '2012', '1']);
    expect(keysInText(json, 'missing_values')).toEqual(['2012', '1']);
    expect(JSON.parse(json)).toEqual(summary);
  });

  it('writes the text of JSON.stringify when no name is integer-like', () => {
    // Prepare
    const summary = profileBytes(utf8('id,name,score\n1,"a, b",3.5\n2,"x ""y""",\n'));

    // Act, Assess
    expect(summaryToJson(summary)).toBe(JSON.stringify(summary));
    expect(summaryToJson(summary, 2)).toBe(JSON.stringify(summary, null, 2));
  });
});
