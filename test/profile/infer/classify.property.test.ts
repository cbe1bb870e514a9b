import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cell, DateSlot, TYPE_MASK } from '../../../src/profile/infer/index.js';
import { cellScratch, createClassifier } from '../../oracles/index.js';

const encoder = new TextEncoder();
const classifyDot = createClassifier();
const classifyComma = createClassifier({ decimalComma: true });
const RUNS = { numRuns: 2000 };

function classifyText(text: string, classifier = classifyDot): number {
  const bytes = encoder.encode(text);
  return classifier(bytes, 0, bytes.length);
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), {
      minLength: min,
      maxLength: max,
    })
    .map((list) => list.join(''));

/** Numeric text in the accepted grammar: sign, digits, optional fraction, optional exponent. */
const numericText = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    int: fc.oneof(digits(0, 3), digits(0, 30)),
    fraction: fc.option(fc.oneof(digits(0, 3), digits(0, 30)), { nil: undefined }),
    exponent: fc.option(
      fc.tuple(
        fc.constantFrom('e', 'E'),
        fc.constantFrom('', '-', '+'),
        fc.oneof(digits(1, 2), fc.integer({ min: 280, max: 345 }).map(String), digits(1, 5)),
      ),
      { nil: undefined },
    ),
  })
  .filter((r) => r.int.length + (r.fraction?.length ?? 0) > 0)
  .map((r) => ({
    text: `${r.sign}${r.int}${r.fraction === undefined ? '' : `.${r.fraction}`}${
      r.exponent === undefined ? '' : r.exponent.join('')
    }`,
    isInteger: r.fraction === undefined && r.exponent === undefined,
    leadingZero: r.fraction === undefined && r.exponent === undefined && /^0\d/.test(r.int),
  }));

const NUMBER_GRAMMAR = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

describe('createClassifier numbers', () => {
  it('returns Number(text) for generated numeric text', () => {
    fc.assert(
      fc.property(numericText, ({ text, isInteger, leadingZero }) => {
        // Act
        const mask = classifyText(text);

        // Assess
        const expected = Number(text);
        if (!Number.isFinite(expected)) {
          expect(mask).toBe(0);
          return;
        }
        expect(Object.is(cellScratch.num, expected)).toBe(true);
        expect((mask & Cell.FLOAT) !== 0).toBe(true);
        expect((mask & Cell.INT) !== 0).toBe(isInteger);
        expect((mask & Cell.LEADING_ZERO) !== 0).toBe(leadingZero);
        expect((mask & Cell.BIG_INT) !== 0).toBe(isInteger && Math.abs(expected) > 2 ** 53 - 1);
      }),
      RUNS,
    );
  });

  it('returns Number(text with , as .) with decimal comma', () => {
    fc.assert(
      fc.property(numericText, ({ text, isInteger }) => {
        // Prepare
        const commaText = text.replace('.', ',');

        // Act
        const mask = classifyText(commaText, classifyComma);

        // Assess
        const expected = Number(text);
        if (!Number.isFinite(expected)) {
          expect(mask).toBe(0);
          return;
        }
        expect(Object.is(cellScratch.num, expected)).toBe(true);
        expect((mask & Cell.INT) !== 0).toBe(isInteger);
      }),
      RUNS,
    );
  });

  it('returns String(double) back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        // Prepare
        const text = String(value);

        // Act
        const mask = classifyText(text);

        // Assess
        expect(mask & Cell.FLOAT).toBe(Cell.FLOAT);
        expect(cellScratch.num).toBe(value === 0 ? 0 : value);
      }),
      RUNS,
    );
  });

  it('returns a number exactly when the text is in the grammar (random number-like text)', () => {
    const text = fc
      .array(fc.constantFrom('0', '1', '9', '5', '.', '+', '-', 'e', 'E', '7'), {
        minLength: 1,
        maxLength: 12,
      })
      .map((list) => list.join(''));
    fc.assert(
      fc.property(text, (value) => {
        // Act
        const mask = classifyText(value);

        // Assess
        if (value === '-') {
          expect(mask).toBe(Cell.NULL);
          return;
        }
        const accepted = NUMBER_GRAMMAR.test(value) && Number.isFinite(Number(value));
        expect((mask & Cell.FLOAT) !== 0).toBe(accepted);
        if (accepted) expect(Object.is(cellScratch.num, Number(value))).toBe(true);
        // Not a number, and nothing else but possibly a DD.MM.YYYY date (`7.5.7000`).
        else expect(mask & ~(Cell.DATE_DOT | Cell.DATETIME)).toBe(0);
      }),
      { numRuns: 3000, examples: [['7.5.7000']] },
    );
  });
});

const validDate = fc
  .record({
    year: fc.integer({ min: 1000, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => {
    const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return { year, month, day: Math.min(day, dim) };
  });

const pad2 = (n: number, padded: boolean): string =>
  padded ? String(n).padStart(2, '0') : String(n);

describe('createClassifier dates', () => {
  it('returns Date.UTC epoch days for valid dates in all five formats', () => {
    fc.assert(
      fc.property(validDate, fc.boolean(), ({ year, month, day }, padded) => {
        // Prepare
        const expected = Date.UTC(year, month - 1, day) / 86_400_000;
        const m = pad2(month, padded);
        const d = pad2(day, padded);
        const cases: [string, number, DateSlot][] = [
          [`${year}-${pad2(month, true)}-${pad2(day, true)}`, Cell.DATE_ISO, DateSlot.iso],
          [`${m}/${d}/${year}`, Cell.DATE_US, DateSlot.us],
          [`${d}/${m}/${year}`, Cell.DATE_EU, DateSlot.eu],
          [`${year}/${m}/${d}`, Cell.DATE_YMD_SLASH, DateSlot.ymdSlash],
          [`${d}.${m}.${year}`, Cell.DATE_DOT, DateSlot.dot],
        ];

        for (const [text, bit, slot] of cases) {
          // Act
          const mask = classifyText(text);

          // Assess
          expect(mask & bit).toBe(bit);
          expect(cellScratch.days[slot]).toBe(expected);
        }
      }),
      RUNS,
    );
  });

  it('returns a date bit exactly when the calendar has that day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 999, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          // Prepare
          const date = new Date(Date.UTC(year, month - 1, day));
          const valid =
            year >= 1000 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          const y = String(year).padStart(4, '0');
          const text = `${y}-${pad2(month, true)}-${pad2(day, true)}`;

          // Act
          const iso = classifyText(text);
          const dot = classifyText(`${day}.${month}.${y}`);

          // Assess
          expect((iso & Cell.DATE_ISO) !== 0).toBe(valid);
          expect((dot & Cell.DATE_DOT) !== 0).toBe(valid);
        },
      ),
      RUNS,
    );
  });

  it('returns the ms of toISOString() timestamps', () => {
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => {
        // Prepare
        const text = new Date(ms).toISOString();

        // Act
        const mask = classifyText(text);

        // Assess: the day's ms and the time's.
        expect(mask).toBe(Cell.DATE_ISO | Cell.TIME | Cell.DATETIME);
        expect(cellScratch.days[DateSlot.iso]! * 86_400_000 + cellScratch.ms).toBe(ms);
      }),
      RUNS,
    );
  });

  it('returns the UTC ms of timestamps with an offset', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1001, 0, 1), max: Date.UTC(9998, 0, 1) }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        fc.constantFrom('colon', 'compact'),
        (utcMs, offsetMinutes, style) => {
          // Prepare
          const local = new Date(utcMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
          const abs = Math.abs(offsetMinutes);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const mm = String(abs % 60).padStart(2, '0');
          const sign = offsetMinutes < 0 ? '-' : '+';
          const text = `${local}${sign}${hh}${style === 'colon' ? ':' : ''}${mm}`;

          // Act
          const mask = classifyText(text);

          // Assess
          expect(mask).toBe(Cell.DATE_ISO | Cell.TIME | Cell.DATETIME);
          expect(cellScratch.days[DateSlot.iso]! * 86_400_000 + cellScratch.ms).toBe(utcMs);
        },
      ),
      RUNS,
    );
  });
});

describe('createClassifier robustness', () => {
  it('returns a bitmask without throwing for random byte ranges', () => {
    const classifiers = [classifyDot, classifyComma, createClassifier({ nullTokens: ['x', ''] })];
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        fc.nat(),
        fc.nat({ max: 2 }),
        (buf, a, b, which) => {
          // Prepare
          const start = buf.length === 0 ? 0 : a % (buf.length + 1);
          const end = start + (buf.length === 0 ? 0 : b % (buf.length - start + 1));

          // Act
          const mask = classifiers[which]!(buf, start, end);

          // Assess
          expect(Number.isInteger(mask) && mask >= 0 && mask < 1 << 14).toBe(true);
          expect(cellScratch.trimStart >= start && cellScratch.trimEnd <= end).toBe(true);
          if (mask === Cell.NULL) return;
          expect(mask & Cell.NULL).toBe(0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('returns the same result for text made of date and number characters however framed', () => {
    const text = fc
      .array(fc.constantFrom('0', '1', '2', '3', '9', '/', '-', '.', ':', 'T', 'Z', '+', ' '), {
        maxLength: 30,
      })
      .map((list) => list.join(''));
    fc.assert(
      fc.property(text, fc.uint8Array({ minLength: 1, maxLength: 4 }), (value, frame) => {
        // Prepare
        const inner = encoder.encode(value);
        const framed = new Uint8Array(frame.length * 2 + inner.length);
        framed.set(frame, 0);
        framed.set(inner, frame.length);
        framed.set(frame, frame.length + inner.length);

        // Act
        const alone = classifyDot(inner, 0, inner.length);
        const aloneNum = cellScratch.num;
        const inFrame = classifyDot(framed, frame.length, frame.length + inner.length);

        // Assess
        expect(inFrame).toBe(alone);
        if ((alone & TYPE_MASK & (Cell.INT | Cell.FLOAT)) !== 0) {
          expect(Object.is(cellScratch.num, aloneNum)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
