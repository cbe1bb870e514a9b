import { describe, expect, it } from 'vitest';
import { Cell, DateSlot, DEFAULT_NULL_TOKENS } from '../../../src/profile/infer/index.js';
import {
  cellScratch,
  createClassifier,
  createNullMatcher,
  epochDays,
} from '../../oracles/index.js';

const encoder = new TextEncoder();
const INT = Cell.INT | Cell.FLOAT;
const classifyDefault = createClassifier();

/** Classifies `text` placed in the middle of a larger buffer (so bytes around it exist). */
function classify(text: string, classifier = classifyDefault): number {
  const inner = encoder.encode(text);
  const buf = new Uint8Array(inner.length + 8);
  buf.fill(0x2f, 0, 4); // '/' around the cell must never be read as part of it
  buf.set(inner, 4);
  buf.fill(0x2d, 4 + inner.length);
  return classifier(buf, 4, 4 + inner.length);
}

function utcDays(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

describe('createNullMatcher', () => {
  it.each([
    ['', true],
    ['NA', true],
    ['N/A', true],
    ['null', true],
    ['NULL', true],
    ['None', true],
    ['NaN', true],
    ['nan', true],
    ['-', true],
    ['na', false],
    ['Null', false],
    ['NAN', false],
    ['N', false],
    ['NAA', false],
    ['--', false],
    ['none', false],
    ['x', false],
  ])('returns %j -> %s for the default tokens', (text, expected) => {
    // Prepare
    const isNull = createNullMatcher(DEFAULT_NULL_TOKENS);
    const bytes = encoder.encode(text);

    // Act
    const result = isNull(bytes, 0, bytes.length);

    // Assess
    expect(result).toBe(expected);
  });

  it('returns true for custom and non-ASCII tokens, also long ones', () => {
    // Prepare
    const long = 'missing-value-placeholder-longer-than-31';
    const isNull = createNullMatcher(['?', 'n.v.', 'κενό', long]);
    const check = (text: string): boolean => {
      const bytes = encoder.encode(`..${text}..`);
      return isNull(bytes, 2, bytes.length - 2);
    };

    // Act
    const results = ['?', 'n.v.', 'κενό', long, `${long}x`, 'NA', ''].map(check);

    // Assess
    expect(results).toEqual([true, true, true, true, false, false, true]);
  });
});

describe('createClassifier', () => {
  it.each([
    ['', Cell.NULL],
    ['   ', Cell.NULL],
    ['\t \t', Cell.NULL],
    ['NA', Cell.NULL],
    ['-', Cell.NULL],
    [' NA ', Cell.NULL],
    ['None', Cell.NULL],
    ['NaN', Cell.NULL],
  ])('returns NULL only for %j', (text, expected) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(expected);
  });

  it.each([
    ['true', Cell.TRUE],
    ['TRUE', Cell.TRUE],
    ['True', Cell.TRUE],
    ['Yes', Cell.TRUE],
    ['yes', Cell.TRUE],
    ['Y', Cell.TRUE],
    ['t', Cell.TRUE],
    ['false', Cell.FALSE],
    ['FALSE', Cell.FALSE],
    ['No', Cell.FALSE],
    ['n', Cell.FALSE],
    ['F', Cell.FALSE],
    [' yes ', Cell.TRUE | Cell.WHITESPACE],
    ['tru', 0],
    ['truee', 0],
    ['yess', 0],
    ['nope', 0],
    ['0', INT],
    ['1', INT],
    ['x', 0],
  ])('returns the boolean bits for %j', (text, expected) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(expected);
  });

  it.each([
    ['42', INT, 42],
    ['0', INT, 0],
    ['-0', INT, -0],
    ['+7', INT, 7],
    ['-17', INT, -17],
    ['  42 ', INT | Cell.WHITESPACE, 42],
    ['\t3.5', Cell.FLOAT | Cell.WHITESPACE, 3.5],
    ['007', INT | Cell.LEADING_ZERO, 7],
    ['-01', INT | Cell.LEADING_ZERO, -1],
    ['+00', INT | Cell.LEADING_ZERO, 0],
    ['00', INT | Cell.LEADING_ZERO, 0],
    ['0.5', Cell.FLOAT, 0.5],
    ['.5', Cell.FLOAT, 0.5],
    ['-.5', Cell.FLOAT, -0.5],
    ['5.', Cell.FLOAT, 5],
    ['1e5', Cell.FLOAT, 1e5],
    ['1E+5', Cell.FLOAT, 1e5],
    ['2.5e-3', Cell.FLOAT, 2.5e-3],
    ['5.e3', Cell.FLOAT, 5000],
    ['1e308', Cell.FLOAT, 1e308],
    ['1e-320', Cell.FLOAT, 1e-320],
    ['1e-400', Cell.FLOAT, 0],
    ['0.1', Cell.FLOAT, 0.1],
    ['9007199254740991', INT, 9007199254740991],
    ['9007199254740992', INT | Cell.BIG_INT, 9007199254740992],
    ['-9007199254740993', INT | Cell.BIG_INT, -9007199254740992],
    ['123456789012345678901', INT | Cell.BIG_INT, 1.2345678901234568e20],
    ['100000000000000000000000', INT | Cell.BIG_INT, 1e23],
    ['1.7976931348623157e308', Cell.FLOAT, Number.MAX_VALUE],
    ['0.30000000000000004441', Cell.FLOAT, 0.30000000000000004],
    ['9007199254740995e-10', Cell.FLOAT, Number('9007199254740995e-10')],
    ['9007199254740992e-10', Cell.FLOAT, Number('9007199254740992e-10')],
    ['2000000000000001e23', Cell.FLOAT, Number('2000000000000001e23')],
    ['2000000000000003e23', Cell.FLOAT, Number('2000000000000003e23')],
    ['123456789012345e30', Cell.FLOAT, Number('123456789012345e30')],
    ['0.000000000000000000000000000001', Cell.FLOAT, 1e-30],
    ['1.50000000000000000000000000000', Cell.FLOAT, 1.5],
  ])('returns the number bits and value for %j', (text, expected, value) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(expected);
    expect(Object.is(cellScratch.num, value)).toBe(true);
  });

  it.each([
    '+',
    '.',
    '+.',
    '-.e5',
    'e5',
    '1e',
    '1e+',
    '1.2.3',
    '1,5',
    '1 000',
    '1_000',
    '0x1F',
    'Infinity',
    '-Infinity',
    '1e999',
    '--1',
    '1-',
    '12abc',
    '1.5f',
  ])('returns 0 (string) for %j', (text) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(0);
  });

  it.each([
    ['3,14', Cell.FLOAT, 3.14],
    ['-0,5', Cell.FLOAT, -0.5],
    [',5', Cell.FLOAT, 0.5],
    ['1,5e3', Cell.FLOAT, 1500],
    ['42', INT, 42],
    ['3.14', 0, undefined],
    ['1,2,3', 0, undefined],
    ['12.05.2020', Cell.DATE_DOT | Cell.DATETIME, undefined],
  ])('returns %j -> bits with decimal comma', (text, expected, value) => {
    // Prepare
    const classifier = createClassifier({ decimalComma: true });

    // Act
    const mask = classify(text, classifier);

    // Assess
    expect(mask).toBe(expected);
    if (value !== undefined) expect(cellScratch.num).toBe(value);
  });

  it('returns NULL for custom null tokens only', () => {
    // Prepare
    const classifier = createClassifier({ nullTokens: ['?'] });

    // Act
    const masks = ['?', 'NA', '-', ''].map((text) => classify(text, classifier));

    // Assess
    expect(masks).toEqual([Cell.NULL, 0, 0, Cell.NULL]);
  });

  it('returns the trimmed range in the scratch', () => {
    // Prepare
    const buf = encoder.encode('x, \t42  ,y');

    // Act
    const mask = classifyDefault(buf, 2, 8);

    // Assess
    expect(mask).toBe(INT | Cell.WHITESPACE);
    expect([cellScratch.trimStart, cellScratch.trimEnd]).toEqual([4, 6]);
  });

  it.each([
    ['2020-02-29', Cell.DATE_ISO | Cell.DATETIME, DateSlot.iso, [2020, 2, 29]],
    ['2000-02-29', Cell.DATE_ISO | Cell.DATETIME, DateSlot.iso, [2000, 2, 29]],
    ['1970-01-01', Cell.DATE_ISO | Cell.DATETIME, DateSlot.iso, [1970, 1, 1]],
    ['1000-01-01', Cell.DATE_ISO | Cell.DATETIME, DateSlot.iso, [1000, 1, 1]],
    ['9999-12-31', Cell.DATE_ISO | Cell.DATETIME, DateSlot.iso, [9999, 12, 31]],
    ['31/12/2020', Cell.DATE_EU | Cell.DATETIME, DateSlot.eu, [2020, 12, 31]],
    ['13/04/2020', Cell.DATE_EU | Cell.DATETIME, DateSlot.eu, [2020, 4, 13]],
    ['12/31/2020', Cell.DATE_US | Cell.DATETIME, DateSlot.us, [2020, 12, 31]],
    ['2/29/2020', Cell.DATE_US | Cell.DATETIME, DateSlot.us, [2020, 2, 29]],
    ['2020/12/31', Cell.DATE_YMD_SLASH | Cell.DATETIME, DateSlot.ymdSlash, [2020, 12, 31]],
    ['2020/1/5', Cell.DATE_YMD_SLASH | Cell.DATETIME, DateSlot.ymdSlash, [2020, 1, 5]],
    ['31.12.2020', Cell.DATE_DOT | Cell.DATETIME, DateSlot.dot, [2020, 12, 31]],
    ['1.2.2020', Cell.DATE_DOT | Cell.DATETIME, DateSlot.dot, [2020, 2, 1]],
    // Two-digit years (issue 13 defect 6): 69..99 are 19xx, 00..68 are 20xx (POSIX %y).
    ['12/31/99', Cell.DATE_US | Cell.DATETIME | Cell.SHORT_YEAR, DateSlot.us, [1999, 12, 31]],
    ['1/13/69', Cell.DATE_US | Cell.DATETIME | Cell.SHORT_YEAR, DateSlot.us, [1969, 1, 13]],
    ['31/1/68', Cell.DATE_EU | Cell.DATETIME | Cell.SHORT_YEAR, DateSlot.eu, [2068, 1, 31]],
    ['2/29/00', Cell.DATE_US | Cell.DATETIME | Cell.SHORT_YEAR, DateSlot.us, [2000, 2, 29]],
    [' 2020-01-01 ', Cell.DATE_ISO | Cell.DATETIME | Cell.WHITESPACE, DateSlot.iso, [2020, 1, 1]],
  ])('returns the date bits and epoch days for %j', (text, expected, slot, [y, m, d]) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(expected);
    expect(cellScratch.days[slot]).toBe(utcDays(y!, m!, d!));
  });

  it('returns both US and EU bits with their own days for an ambiguous date', () => {
    // Act
    const mask = classify('03/04/2020');

    // Assess
    expect(mask).toBe(Cell.DATE_US | Cell.DATE_EU | Cell.DATETIME);
    expect(cellScratch.days[DateSlot.us]).toBe(utcDays(2020, 3, 4));
    expect(cellScratch.days[DateSlot.eu]).toBe(utcDays(2020, 4, 3));
  });

  it('returns US and EU bits for 3/4/2020 with 1-digit parts', () => {
    // Act
    const mask = classify('3/4/2020');

    // Assess
    expect(mask).toBe(Cell.DATE_US | Cell.DATE_EU | Cell.DATETIME);
    expect(cellScratch.days[DateSlot.us]).toBe(utcDays(2020, 3, 4));
    expect(cellScratch.days[DateSlot.eu]).toBe(utcDays(2020, 4, 3));
  });

  it('returns no time of day (0 ms) with a plain ISO date', () => {
    // Act
    classify('2020-03-01');

    // Assess
    expect(cellScratch.days[DateSlot.iso]).toBe(utcDays(2020, 3, 1));
    expect(cellScratch.ms).toBe(0);
  });

  it.each([
    '2021-02-29',
    '1900-02-29',
    '2020-13-01',
    '2020-00-10',
    '2020-04-31',
    '2020-1-05',
    '0999-01-01',
    '20200-01-01',
    '2020-01-01x',
    '2020-01',
    '13/13/2020',
    '00/10/2020',
    '32/01/2020',
    '1/2/2',
    '2/30/20',
    '1.2.20',
    '1/2/20200',
    '123/4/2020',
    '2020/13/01',
    '2020/02/30',
    '29.02.2021',
    '1.13.2020',
    '1.2-2020',
    '12-31-2020',
    '2020.12.31',
    '2020-01-01T',
    '2020-01-01T24:00',
    '2020-01-01T10',
    '2020-01-01T10:60',
    '2020-01-01T10:00:60',
    '2020-01-01T10:00:00.',
    '2020-01-01T10:00:00.1234567890',
    '2020-01-01T10:00Z1',
    '2020-01-01T10:00+2',
    '2020-01-01T10:00+02:0',
    '2020-01-01T10:00+24:00',
    '2020-01-01T10:00+02:60',
    '2020-01-01x10:00',
    '2020-01-01  10:00',
    '2020/08/29 24:00',
    '2020/08/29 12:6',
    '08/29/2013 13:00 PM',
    '08/29/2013 0:00 AM',
    '08/29/2013 12:00 XM',
    '08/29/2013 12:00 PMx',
    '29.08.2013 12:06:01Z',
    '29.08.2013  12:06',
    '2013/08/29 12:06:',
  ])('returns 0 (string) for the invalid date %j', (text) => {
    // Act
    const mask = classify(text);

    // Assess
    expect(mask).toBe(0);
  });

  it.each([
    ['2020-01-01T10:00:00.123+02:00', Date.UTC(2020, 0, 1, 8, 0, 0, 123)],
    ['2020-01-01 10:00', Date.UTC(2020, 0, 1, 10, 0)],
    ['2020-01-01T10:00Z', Date.UTC(2020, 0, 1, 10, 0)],
    ['2020-01-01T10:00:30', Date.UTC(2020, 0, 1, 10, 0, 30)],
    ['2020-01-01T10:00:30.5Z', Date.UTC(2020, 0, 1, 10, 0, 30, 500)],
    ['2020-01-01T10:00:30.123456789Z', Date.UTC(2020, 0, 1, 10, 0, 30, 123)],
    ['2020-01-01T10:00:30.99-0530', Date.UTC(2020, 0, 1, 15, 30, 30, 990)],
    ['2020-01-01T01:00+05', Date.UTC(2019, 11, 31, 20, 0)],
    ['2020-12-31T23:59:59-01:00', Date.UTC(2021, 0, 1, 0, 59, 59)],
  ])('returns DATETIME with UTC ms for %j', (text, ms) => {
    // Act
    const mask = classify(text);

    // Assess: the day's ms and the time's.
    expect(mask).toBe(Cell.DATE_ISO | Cell.TIME | Cell.DATETIME);
    expect(cellScratch.days[DateSlot.iso]! * 86_400_000 + cellScratch.ms).toBe(ms);
  });

  it.each([
    [
      '2013/08/29 12:06:01',
      Cell.DATE_YMD_SLASH,
      DateSlot.ymdSlash,
      Date.UTC(2013, 7, 29, 12, 6, 1),
    ],
    [
      '2013/8/30 13:07:02.5',
      Cell.DATE_YMD_SLASH,
      DateSlot.ymdSlash,
      Date.UTC(2013, 7, 30, 13, 7, 2, 500),
    ],
    ['08/29/2013 12:06', Cell.DATE_US, DateSlot.us, Date.UTC(2013, 7, 29, 12, 6)],
    ['8/29/2013 1:07:02 PM', Cell.DATE_US, DateSlot.us, Date.UTC(2013, 7, 29, 13, 7, 2)],
    ['8/29/2013 12:00AM', Cell.DATE_US, DateSlot.us, Date.UTC(2013, 7, 29, 0, 0)],
    ['8/29/2013 12:59:59 pm', Cell.DATE_US, DateSlot.us, Date.UTC(2013, 7, 29, 12, 59, 59)],
    ['4/23/2019 7:11:11 AM', Cell.DATE_US, DateSlot.us, Date.UTC(2019, 3, 23, 7, 11, 11)],
    ['29/08/2013T23:59:59.999', Cell.DATE_EU, DateSlot.eu, Date.UTC(2013, 7, 29, 23, 59, 59, 999)],
    ['29.08.2013 12:06:01', Cell.DATE_DOT, DateSlot.dot, Date.UTC(2013, 7, 29, 12, 6, 1)],
    [
      '1/1/85 9:30',
      Cell.DATE_US | Cell.DATE_EU | Cell.SHORT_YEAR,
      DateSlot.us,
      Date.UTC(1985, 0, 1, 9, 30),
    ],
  ])(
    'returns a datetime of its date form and its ms for %j (issue 13 defect 5)',
    (text, bits, slot, ms) => {
      // Act
      const mask = classify(text);

      // Assess
      expect(mask).toBe(bits | Cell.TIME | Cell.DATETIME);
      expect(cellScratch.days[slot]! * 86_400_000 + cellScratch.ms).toBe(ms);
    },
  );

  it.each(['hello', 'Ñandú', 'A1', '12 apples', '(555) 123-4567', '555-1234', '1/2'])(
    'returns 0 (string) for %j',
    (text) => {
      // Act
      const mask = classify(text);

      // Assess
      expect(mask).toBe(0);
    },
  );
});

describe('epochDays', () => {
  it.each([
    [1970, 1, 1],
    [1969, 12, 31],
    [1000, 1, 1],
    [1600, 2, 29],
    [2000, 3, 1],
    [9999, 12, 31],
  ])('returns Date.UTC days for %i-%i-%i', (y, m, d) => {
    // Act
    const days = epochDays(y, m, d);

    // Assess
    expect(days).toBe(utcDays(y, m, d));
  });
});
