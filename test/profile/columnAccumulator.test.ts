import { describe, expect, it } from 'vitest';
import { profileBytes } from '../../src/profile/index.js';
import { Cell, createTypeFit } from '../../src/profile/infer/index.js';
import { ColumnState } from '../../src/profile/state/ColumnState.js';
import {
  cellHash,
  countCell,
  countCells,
  createClassifier,
  ReferenceColumnAccumulator,
} from '../oracles/index.js';
import { utf8 } from './helpers.js';

const classify = createClassifier();
const options = { exactDistinctLimit: 64, sampleLines: 5 };

/** Adds `values` to `column` as cells of one buffer (lines from `firstLine`). */
function addAll(
  column: ReferenceColumnAccumulator,
  values: readonly string[],
  firstLine: number,
): void {
  values.forEach((value, i) => {
    const bytes = utf8(value);
    column.add(bytes, 0, bytes.length, firstLine + i);
  });
}

/** The fit counted cell by cell with {@link countCell}. */
function fitOneByOne(values: readonly string[]) {
  const fit = createTypeFit();
  for (const value of values) {
    const bytes = utf8(value);
    const mask = classify(bytes, 0, bytes.length);
    if ((mask & Cell.NULL) === 0) countCell(fit, mask);
  }
  return fit;
}

// Runs of equal masks broken by other types, nulls, whitespace and leading zeros.
const CELLS = [
  ...['1', '2', '3', '-4', '5'],
  '',
  '6',
  ...['2.5', '3.25', ' 7.5 '],
  ...['007', '0012'],
  ...['2020-01-02', '2021-03-04', '2021-03-04T05:06:07Z'],
  ...['03/04/2020', '13/04/2020'],
  ...['yes', 'no', 'true', 'NA'],
  ...['x', 'y', 'zz', 'x'],
  '99999999999999999999',
  '8',
];

describe('ReferenceColumnAccumulator.fit', () => {
  it('returns the counts of cell-by-cell counting however runs of masks fall', () => {
    // Prepare
    const column = new ReferenceColumnAccumulator('c', classify, options);

    // Act
    addAll(column, CELLS, 2);

    // Assess
    expect(column.fit).toEqual(fitOneByOne(CELLS));
  });

  it('returns running counts when read between cells, without counting a run twice', () => {
    // Prepare
    const column = new ReferenceColumnAccumulator('c', classify, options);
    const seen: ReturnType<typeof createTypeFit>[] = [];

    // Act: read the fit after every cell, in the middle of runs too.
    CELLS.forEach((value, i) => {
      addAll(column, [value], i + 2);
      seen.push({ ...column.fit });
    });

    // Assess
    CELLS.forEach((_, i) => {
      expect(seen[i], `after cell ${i}`).toEqual(fitOneByOne(CELLS.slice(0, i + 1)));
    });
  });

  it('returns the combined counts after merge and a JSON round trip of pending runs', () => {
    // Prepare
    const first = new ReferenceColumnAccumulator('c', classify, options);
    const second = new ReferenceColumnAccumulator('c', classify, options);
    addAll(first, CELLS.slice(0, 20), 2);
    addAll(second, CELLS.slice(20), 22);

    // Act: the production merge of the reference's states.
    const restored = ColumnState.fromJSON(first.toJSON(), options);
    restored.merge(ColumnState.fromJSON(second.toJSON(), options));

    // Assess
    expect(restored.fit).toEqual(fitOneByOne(CELLS));
  });
});

describe('ReferenceColumnAccumulator.addCells', () => {
  it('returns the state and cell hashes of adding the cells one by one, from buf and alt', () => {
    // Prepare: cells alternate between two buffers, as escaped fields do in a row batch.
    const buf = utf8(CELLS.join(''));
    const alt = utf8(`#${CELLS.join('#')}`);
    const n = CELLS.length;
    const starts = new Int32Array(n + 3);
    const ends = new Int32Array(n + 3);
    const inAlt = new Uint8Array(n + 3);
    const lines = Float64Array.from(CELLS, (_, i) => i + 10);
    let inBuf = 0;
    let inAltAt = 1;
    CELLS.forEach((value, i) => {
      const size = utf8(value).length;
      const k = i + 3;
      inAlt[k] = i % 2;
      starts[k] = i % 2 === 0 ? inBuf : inAltAt;
      ends[k] = starts[k]! + size;
      inBuf += size;
      inAltAt += size + 1;
    });
    const oneByOne = new ReferenceColumnAccumulator('c', classify, options);
    const expectedHashes = CELLS.map((value, i) => {
      const bytes = utf8(value);
      oneByOne.add(bytes, 0, bytes.length, i + 10);
      return cellHash[0]!;
    });
    const batched = new ReferenceColumnAccumulator('c', classify, options);
    const hashes = new Float64Array(n);

    // Act
    batched.addCells(buf, alt, starts, ends, inAlt, 3, lines, hashes, n);

    // Assess
    expect(batched.toJSON()).toEqual(oneByOne.toJSON());
    expect(Array.from(hashes)).toEqual(expectedHashes);
  });
});

describe('countCells', () => {
  it('returns the same fit as n calls of countCell for every type mask', () => {
    for (let mask = 0; mask < Cell.WHITESPACE << 1; mask += 2) {
      // Prepare
      const once = createTypeFit();
      const many = createTypeFit();

      // Act
      for (let k = 0; k < 3; k++) countCell(once, mask);
      countCells(many, mask, 3);

      // Assess
      expect(many, `mask ${mask}`).toEqual(once);
    }
  });
});

describe('RowBatch short rows', () => {
  it('returns missing cells only for the fields short rows lack, in full and ragged batches', () => {
    // Prepare: 5,000 rows (more than one batch); rows 1,000 apart lack fields c and d.
    const lines = ['a,b,c,d'];
    for (let i = 0; i < 5000; i++) lines.push(i % 1000 === 5 ? `${i},x` : `${i},y,${i % 3},z`);

    // Act
    const summary = profileBytes(utf8(lines.join('\n')));

    // Assess
    const missing = Object.fromEntries(summary.columns.map((c) => [c.name, c.missing]));
    expect(missing).toEqual({ a: 0, b: 0, c: 5, d: 5 });
    expect(summary.dataset.too_few_fields_rows).toBe(5);
  });
});
