import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_COUNT,
  Candidate,
  Cell,
  candidateOf,
  chooseType,
  createTypeFit,
  mergeTypeFit,
  type TypeFit,
  temporalFormat,
} from '../../../src/profile/infer/index.js';
import type { ColumnType } from '../../../src/profile/types.js';
import { candidateMisses, countCell, createClassifier, fitsType } from '../../oracles/index.js';

const encoder = new TextEncoder();
const classify = createClassifier();

/** Classifies and counts a column's values (nulls skipped), as the profiler will. */
function fitOf(values: readonly string[]): TypeFit {
  const fit = createTypeFit();
  for (const value of values) {
    const bytes = encoder.encode(value);
    const mask = classify(bytes, 0, bytes.length);
    if (mask !== Cell.NULL) countCell(fit, mask);
  }
  return fit;
}

const repeat = (value: string, times: number): string[] =>
  Array.from({ length: times }, () => value);

describe('countCell', () => {
  it('returns counts per type with ambiguous slash dates counted once as ambiguous', () => {
    // Act
    const fit = fitOf(['1', '007', '2.5', 'yes', '03/04/2020', '13/04/2020', '2020-01-01', 'x']);

    // Assess
    expect(fit).toEqual({
      nonNull: 8,
      bool: 1,
      int: 2,
      float: 3,
      leadingZero: 1,
      dateIso: 1,
      dateUs: 1,
      dateEu: 2,
      dateAmbiguous: 1,
      dateYmdSlash: 0,
      dateDot: 0,
      // Every date is a datetime at midnight.
      datetime: 3,
      timeIso: 0,
      timeUs: 0,
      timeEu: 0,
      timeAmbiguous: 0,
      timeYmdSlash: 0,
      timeDot: 0,
      shortYear: 0,
    });
  });

  it('returns datetimes per date form, apart from the dates, and two-digit years', () => {
    // Act
    const fit = fitOf(['03/04/2020 10:00', '2020/08/29 12:06', '29.08.2013 1:00 PM', '1/2/85']);

    // Assess
    expect(fit).toMatchObject({
      dateUs: 1,
      dateEu: 1,
      dateAmbiguous: 1,
      timeUs: 1,
      timeEu: 1,
      timeAmbiguous: 1,
      timeYmdSlash: 1,
      timeDot: 1,
      datetime: 4,
      shortYear: 1,
    });
  });
});

describe('mergeTypeFit', () => {
  it('returns the field-wise sum', () => {
    // Prepare
    const a = fitOf(['1', '2', 'x']);
    const b = fitOf(['3', 'true']);

    // Act
    const merged = mergeTypeFit(a, b);

    // Assess
    expect(merged).toEqual(fitOf(['1', '2', 'x', '3', 'true']));
  });
});

describe('chooseType', () => {
  it.each<[string, string[], ColumnType, number]>([
    ['no values', [], 'empty', 0],
    ['only nulls', ['', 'NA', ' '], 'empty', 0],
    ['booleans', ['true', 'False', 'yes', 'N'], 'boolean', 4],
    ['0/1 as int', ['0', '1', '1', '0'], 'int', 4],
    ['ints', ['1', '-2', '300', '  4 '], 'int', 4],
    ['big ints', ['123456789012345678901', '1'], 'int', 2],
    ['ints and floats', ['1', '2.5', '3'], 'float', 3],
    ['exponents', ['1e5', '2'], 'float', 2],
    ['leading-zero ints', ['007', '012', '123'], 'string', 3],
    ['leading-zero floats', ['007', '1.5', '2.5'], 'string', 3],
    ['datetimes', ['2020-01-01T10:00', '2020-01-02 11:00:00Z'], 'datetime', 2],
    ['US datetimes', ['08/29/2013 12:06:01', '8/30/2013 1:07 PM'], 'datetime', 2],
    ['two-digit years', ['1/1/85', '2/1/85', '12/31/99'], 'date', 3],
    ['dates mixed with datetimes', ['2020-01-01', '2020-01-02T10:00'], 'datetime', 2],
    ['strings', ['a', 'b', '1'], 'string', 3],
    ['numbers with one word in 3', ['1', '2', 'x'], 'string', 3],
  ])('returns the type for %s', (_, values, type, fitted) => {
    // Prepare
    const fit = fitOf(values);

    // Act
    const choice = chooseType(fit);

    // Assess
    expect(choice.type).toBe(type);
    expect(choice.fitted).toBe(fitted);
  });

  it('returns int at exactly the threshold and string just below it', () => {
    // Prepare
    const at = fitOf([...repeat('1', 19), 'x']);
    const below = fitOf([...repeat('1', 18), 'x', 'y']);

    // Act
    const atChoice = chooseType(at, 0.95);
    const belowChoice = chooseType(below, 0.95);

    // Assess
    expect(atChoice).toEqual({ type: 'int', ambiguousDate: false, fitted: 19 });
    expect(belowChoice.type).toBe('string');
  });

  it('returns float when a few non-integers are among ints', () => {
    // Act
    const choice = chooseType(fitOf([...repeat('1', 97), '1.5', 'x', 'y']));

    // Assess
    expect(choice).toEqual({ type: 'float', ambiguousDate: false, fitted: 98 });
  });

  it('returns the type at a custom threshold', () => {
    // Prepare
    const fit = fitOf(['1', '2', 'x']);

    // Act
    const choice = chooseType(fit, 0.6);

    // Assess
    expect(choice).toEqual({ type: 'int', ambiguousDate: false, fitted: 2 });
  });

  it.each<[string, string[], string, boolean, number]>([
    ['ISO dates', ['2020-01-01', '2021-12-31'], 'YYYY-MM-DD', false, 2],
    ['EU dates (a first part above 12)', ['13/04/2020', '01/02/2020'], 'DD/MM/YYYY', false, 2],
    ['US dates (a second part above 12)', ['04/13/2020', '01/02/2020'], 'MM/DD/YYYY', false, 2],
    ['all-ambiguous dates', ['03/04/2020', '1/2/2021'], 'MM/DD/YYYY', true, 2],
    [
      'more EU-only than US-only',
      ['13/01/2020', '14/01/2020', '01/13/2020', '1/1/2020'],
      'DD/MM/YYYY',
      false,
      3,
    ],
    [
      'more US-only than EU-only',
      ['01/13/2020', '01/14/2020', '13/01/2020'],
      'MM/DD/YYYY',
      false,
      2,
    ],
    ['slash year-first dates', ['2020/1/2', '2020/12/31'], 'YYYY/MM/DD', false, 2],
    ['dot dates', ['1.2.2020', '31.12.2020'], 'DD.MM.YYYY', false, 2],
    ['mostly dot, some ISO', ['1.2.2020', '31.12.2020', '2020-01-01'], 'DD.MM.YYYY', false, 2],
  ])('returns date for %s', (_, values, format, ambiguous, fitted) => {
    // Act
    const choice = chooseType(fitOf(values));

    // Assess
    expect(choice).toEqual({ type: 'date', dateFormat: format, ambiguousDate: ambiguous, fitted });
  });

  it.each<[string[], string]>([
    [['1/1/85', '2/1/85', '13/1/85'], 'DD/MM/YY'],
    [['1/1/85', '2/13/85', '1/2/1985'], 'MM/DD/YY'],
    [['2013/08/29 12:06:01', '2013/08/30 13:07'], 'YYYY/MM/DD hh:mm:ss'],
    [['08/29/2013 12:06:01', '8/30/2013 1:07 PM'], 'MM/DD/YYYY hh:mm:ss'],
    [['29.08.2013 12:06:01', '30.08.2013 13:07'], 'DD.MM.YYYY hh:mm:ss'],
    [['1/13/85 9:00', '1/14/85'], 'MM/DD/YY hh:mm:ss'],
    [['2020-01-01T10:00', '2020-01-02'], 'ISO 8601'],
  ])('returns the format of %j as %s (issue 13 defects 5, 6)', (values, format) => {
    // Prepare
    const fit = fitOf(values);

    // Act
    const reported = temporalFormat(chooseType(fit), fit);

    // Assess
    expect(reported).toBe(format);
  });

  it('returns date when values in any date format reach the threshold', () => {
    // Prepare: 10 ISO + 10 dot dates, no single format reaches 95 %
    const values = [...repeat('2020-01-01', 11), ...repeat('1.2.2020', 9)];

    // Act
    const choice = chooseType(fitOf(values));

    // Assess
    expect(choice).toEqual({
      type: 'date',
      dateFormat: 'YYYY-MM-DD',
      ambiguousDate: false,
      fitted: 11,
    });
  });

  it('returns string when dates do not reach the threshold', () => {
    // Act
    const choice = chooseType(fitOf(['2020-01-01', 'soon', '1.2.2020']));

    // Assess
    expect(choice).toEqual({ type: 'string', ambiguousDate: false, fitted: 3 });
  });
});

describe('fitsType', () => {
  it.each<[ColumnType, string, boolean]>([
    ['int', '42', true],
    ['int', '4.2', false],
    ['int', 'x', false],
    ['float', '42', true],
    ['float', '4.2', true],
    ['float', 'yes', false],
    ['boolean', 'No', true],
    ['boolean', '1', false],
    ['date', '1.2.2020', true],
    ['date', '2020-01-01', true],
    ['date', '2020-01-01T10:00', false],
    ['datetime', '2020-01-01', true],
    ['datetime', '2020-01-01T10:00', true],
    ['datetime', '01/02/2020', true],
    ['datetime', '01/02/2020 10:30 PM', true],
    ['date', '01/02/2020 10:30 PM', false],
    ['date', '1/2/85', true],
    ['string', 'anything', true],
    ['empty', 'x', true],
  ])('returns for type %s and %j: %s', (type, value, expected) => {
    // Prepare
    const bytes = encoder.encode(value);
    const mask = classify(bytes, 0, bytes.length);

    // Act
    const fits = fitsType(type, mask);

    // Assess
    expect(fits).toBe(expected);
  });
});

describe('candidateMisses', () => {
  it('returns the candidates a cell does not fit, consistent with fitsType', () => {
    // Prepare
    const types: ColumnType[] = ['boolean', 'int', 'float', 'date', 'datetime'];
    const values = ['1', '1.5', 'yes', '2020-01-01', '2020-01-01T00:00', '3/4/2020', 'x', ' 7 '];

    for (const value of values) {
      const bytes = encoder.encode(value);
      const mask = classify(bytes, 0, bytes.length);

      // Act
      const misses = candidateMisses(mask);

      // Assess
      for (const type of types) {
        const candidate = candidateOf(type);
        expect(((misses >> candidate) & 1) === 1).toBe(!fitsType(type, mask));
      }
    }
  });

  it('returns per-candidate invalid line samples that match the chosen type after one pass', () => {
    // Prepare
    const column = ['1', '2', 'x', '4.5', '5', '', '7'];
    const samples: number[][] = Array.from({ length: CANDIDATE_COUNT }, () => []);
    const fit = createTypeFit();

    // Act
    column.forEach((value, index) => {
      const bytes = encoder.encode(value);
      const mask = classify(bytes, 0, bytes.length);
      if (mask === Cell.NULL) return;
      countCell(fit, mask);
      for (let m = candidateMisses(mask); m !== 0; m &= m - 1) {
        samples[31 - Math.clz32(m & -m)]!.push(index + 2);
      }
    });
    const choice = chooseType(fit, 0.8);
    const candidate = candidateOf(choice.type);

    // Assess
    expect(choice.type).toBe('float');
    expect(candidate).toBe(Candidate.float);
    expect(samples[candidate]).toEqual([4]);
    expect(samples[Candidate.int]).toEqual([4, 5]);
    expect(candidateOf('string')).toBe(-1);
  });
});
