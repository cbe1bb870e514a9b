import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { quantileDiscIndex, SketchArgumentError } from '../../../src/profile/sketch/index.js';

describe('quantileDiscIndex', () => {
  it("returns the index of DuckDB's quantile_disc element for many n and q", async () => {
    // Prepare
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const ns = [1, 2, 3, 4, 5, 7, 10, 11, 99, 100, 101, 1000, 12345];
    const qs = [
      0, 0.001, 0.01, 0.05, 0.07, 0.1, 0.25, 0.29, 0.3, 0.5, 0.57, 0.75, 0.9, 0.95, 0.99, 1,
    ];
    const list = `[${qs.join(', ')}]`;
    // Act
    const got: number[][] = [];
    const want: number[][] = [];
    for (const n of ns) {
      const reader = await connection.runAndReadAll(
        `SELECT quantile_disc(x, ${list}) FROM range(${n}) t(x)`,
      );
      const row = reader.getRowsJS()[0]![0] as bigint[];
      want.push(row.map(Number));
      got.push(qs.map((q) => quantileDiscIndex(q, n)));
    }
    connection.closeSync();
    instance.closeSync();
    // Assess
    expect(got).toEqual(want);
  });

  it('throws SketchArgumentError for q outside [0, 1]', () => {
    // Act & Assess
    expect(() => quantileDiscIndex(1.5, 10)).toThrow(SketchArgumentError);
    expect(() => quantileDiscIndex(Number.NaN, 10)).toThrow(SketchArgumentError);
  });
});
