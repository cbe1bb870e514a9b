import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClassifiedCells, SLOW_CELL } from '../../../src/profile/ClassifiedCells.js';
import { Cell, DATE_SLOT_COUNT } from '../../../src/profile/infer/index.js';
import { valueTokenMask } from '../../../src/profile/kernel/configureClassifier.js';
import { type KernelExports, KernelMemory } from '../../../src/profile/kernel/Kernel.js';
import { resolveSlowNumber } from '../../../src/profile/slowNumbers.js';
import {
  classifyInto,
  combineHash,
  createClassifiedCells,
  createClassifier,
  hashBytes,
  hashNumber,
} from '../../oracles/index.js';

const encoder = new TextEncoder();

/**
 * Classifies `texts` as one column batch in a fresh kernel; returns copies of its results
 * (before slowNumbers.ts resolves the SLOW cells) and the kernel.
 */
function kernelClassify(
  texts: readonly string[],
  options: { nullTokens?: string[]; decimalComma?: boolean; valueTokens?: string[] } = {},
): ClassifiedCells & { kernel: KernelExports } {
  const memory = new KernelMemory();
  const tokens = (options.nullTokens ?? ['NA', 'N/A', 'null', '-']).map((t) => encoder.encode(t));
  const tokenBytes = tokens.reduce((sum, t) => sum + 1 + t.length, 0);
  const tokensAt = memory.alloc(tokenBytes);
  const encoded = texts.map((t) => encoder.encode(t));
  const rows = texts.length;
  const bytesAt = memory.alloc(encoded.reduce((sum, b) => sum + b.length, 0) + 8);
  const startsAt = memory.alloc(rows * 4);
  const endsAt = memory.alloc(rows * 4);
  const inAltAt = memory.alloc(rows);
  const masksAt = memory.alloc(rows * 4);
  const numsAt = memory.alloc(rows * 8);
  const mssAt = memory.alloc(rows * 8);
  const daysAt = memory.alloc(rows * 8 * DATE_SLOT_COUNT);
  const hashesAt = memory.alloc(rows * 8);
  const heap = new Uint8Array(memory.buffer);
  let o = tokensAt;
  for (const token of tokens) {
    heap[o++] = token.length;
    heap.set(token, o);
    o += token.length;
  }
  memory.kernel.configureClassifier(tokensAt, o, options.decimalComma === true);
  memory.kernel.setValueTokens(
    valueTokenMask(options.nullTokens ?? ['NA', 'N/A', 'null', '-'], options.valueTokens ?? []),
  );
  const starts = new Int32Array(memory.buffer, startsAt, rows);
  const ends = new Int32Array(memory.buffer, endsAt, rows);
  let at = 0;
  encoded.forEach((bytes, r) => {
    heap.set(bytes, bytesAt + at);
    starts[r] = at;
    ends[r] = at + bytes.length;
    at += bytes.length;
  });
  memory.kernel.classifyCells(
    startsAt,
    endsAt,
    inAltAt,
    0,
    rows,
    bytesAt,
    0,
    masksAt,
    numsAt,
    mssAt,
    daysAt,
    hashesAt,
    0,
    0,
  );
  const buffer = memory.buffer;
  return {
    kernel: memory.kernel,
    masks: new Int32Array(buffer, masksAt, rows).slice(),
    nums: new Float64Array(buffer, numsAt, rows).slice(),
    mss: new Float64Array(buffer, mssAt, rows).slice(),
    days: new Float64Array(buffer, daysAt, rows * DATE_SLOT_COUNT).slice(),
    hashes: new Float64Array(buffer, hashesAt, rows).slice(),
  };
}

/** Only the fields the mask says are set (the rest of a row is scratch). */
function meaningful(cells: ClassifiedCells, r: number): Record<string, number> {
  const mask = cells.masks[r]!;
  const out: Record<string, number> = { mask, hash: cells.hashes[r]! };
  if ((mask & Cell.NULL) !== 0) return out;
  if ((mask & Cell.FLOAT) !== 0) out.num = cells.nums[r]!;
  if ((mask & Cell.DATETIME) !== 0) out.ms = cells.mss[r]!;
  for (let slot = 0; slot < DATE_SLOT_COUNT; slot++) {
    if ((mask & (Cell.DATE_ISO << slot)) !== 0) out[`day${slot}`] = cells.days[r * 5 + slot]!;
  }
  return out;
}

/**
 * Asserts the kernel's result for each text, the SLOW cells resolved by slowNumbers.ts, equals
 * the JavaScript classifier's; returns the texts that were SLOW.
 */
function expectSameAsJs(
  texts: readonly string[],
  options: { nullTokens?: string[]; decimalComma?: boolean; valueTokens?: string[] } = {},
): string[] {
  const kernel = kernelClassify(texts, options);
  const classify = createClassifier({
    nullTokens: options.nullTokens ?? ['NA', 'N/A', 'null', '-'],
    decimalComma: options.decimalComma === true,
    valueTokens: options.valueTokens ?? [],
  });
  const js = createClassifiedCells(texts.length);
  const slow: string[] = [];
  texts.forEach((text, r) => {
    const bytes = encoder.encode(text);
    classifyInto(classify, bytes, 0, bytes.length, js, r);
    if ((kernel.masks[r]! & SLOW_CELL) !== 0) {
      // Left to JavaScript: only ever a number whose value needs Number().
      expect(js.masks[r]! & ~(Cell.INT | Cell.FLOAT | Cell.BIG_INT | Cell.WHITESPACE), text).toBe(
        0,
      );
      slow.push(text);
      resolveSlowNumber(
        kernel.kernel,
        bytes,
        0,
        bytes.length,
        options.decimalComma === true,
        kernel,
        r,
      );
    }
    expect(meaningful(kernel, r), JSON.stringify(text)).toEqual(meaningful(js, r));
  });
  return slow;
}

const pieces = [
  '0',
  '1',
  '2',
  '9',
  '12',
  '31',
  '2020',
  '1999',
  '-',
  '+',
  '.',
  ',',
  'e',
  'E',
  '/',
  ':',
  'T',
  ' ',
  '\t',
  'Z',
  '+02:00',
  'NA',
  'N/A',
  'null',
  'true',
  'FALSE',
  'yes',
  'n',
  'é',
  '"',
  'x',
];
const cellText = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ maxLength: 20 }),
  fc.double({ noNaN: true }).map(String),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc
    .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc
    .tuple(
      fc.integer({ min: 1, max: 31 }),
      fc.integer({ min: 1, max: 13 }),
      fc.integer({ min: 999, max: 2100 }),
    )
    .chain(([a, b, y]) =>
      fc.constantFrom(`${a}/${b}/${y}`, `${a}.${b}.${y}`, `${y}/${b}/${a}`, `${y}-0${b}-${a}`),
    ),
);

describe('kernel classifyCells', () => {
  it('returns the masks, values and hashes of the JavaScript classifier', () => {
    fc.assert(
      fc.property(
        fc.array(cellText, { minLength: 1, maxLength: 64 }),
        fc.boolean(),
        (texts, comma) => {
          expectSameAsJs(texts, { decimalComma: comma });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('returns the JavaScript results in columns of one shape with odd cells among them', () => {
    // Cells shaped like their predecessor take the kernel's shortcuts (plain numbers, ISO
    // dates and timestamps); the odd ones must fall back to the full classifier.
    const shaped = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map(String),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(4)),
      fc
        .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      fc
        .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    );
    const odd = fc.constantFrom(
      '007',
      '-0',
      '-',
      '1.',
      '-.5',
      ' 12',
      '12 ',
      '1e5',
      '12345678901234567',
      '2020-02-30',
      '2020-01-02T25:00',
      '2020-01-02 ',
      'NA',
      '',
      '0.0',
      '-0.000',
      '+3',
      '1,5',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(shaped, fc.option(odd, { freq: 5 })), { minLength: 1, maxLength: 80 }),
        fc.boolean(),
        (pairs, comma) => {
          const texts = pairs.flatMap(([a, b]) => (b === null ? [a, a] : [a, b, a]));
          expectSameAsJs(texts, { decimalComma: comma });
          expectSameAsJs(texts, { nullTokens: ['7', '-1', '2020-01-01'] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns the JavaScript results for typical values and edge cases', () => {
    // Prepare
    const texts = [
      '',
      ' ',
      'NA',
      ' NA ',
      'N/A',
      '-',
      '-1',
      '007',
      '0',
      '-0',
      '1.50',
      '1,5',
      '1e5',
      '1E-7',
      '9007199254740993',
      '123456789012345678901234567890',
      '1e400',
      '0.000000000000000000001',
      '2020-02-29',
      '2021-02-29',
      '2020-01-02T03:04:05.678Z',
      '2020-01-02 03:04+02:00',
      '01/02/2020',
      '13/02/2020',
      '02/13/2020',
      '31.12.1999',
      '2020/1/2',
      'true',
      'No',
      'Y',
      'grocery',
      'uniform charlie, "quoted"',
      'naïve',
    ];

    // Act + Assess
    const slow = expectSameAsJs(texts);
    expectSameAsJs(texts, { decimalComma: true, nullTokens: ['', 'none', '?'] });
    // Null tokens read as values (issue 13 defect 11: NA among two-letter codes).
    expectSameAsJs(texts, { valueTokens: ['NA', '-'] });
    expect(slow).toEqual(['9007199254740993', '123456789012345678901234567890', '1e400']);
  });
});

describe('kernel time parsing', () => {
  it('returns the JavaScript results for seconds and fractions at and past their ranges', () => {
    // Prepare: the seconds of ISO and clock times (one parser, readSeconds, serves both).
    const texts = [
      '2020-01-02T03:04:59Z',
      '2020-01-02T03:04:60Z',
      '2020-01-02T03:04:05.1Z',
      '2020-01-02T03:04:05.123456789Z',
      '2020-01-02T03:04:05.1234567890Z',
      '2020-01-02T03:04:05.Z',
      '2020-01-02T03:04Z',
      '1/2/2020 1:07:59 PM',
      '1/2/2020 1:07:60 PM',
      '1/2/2020 1:07:59.999 PM',
      '1/2/2020 1:07 PM',
      '1/2/2020 13:07:05',
      '1/2/2020 13:07:5',
    ];

    // Act
    expectSameAsJs(texts);
    const kernel = kernelClassify(texts);

    // Assess: 60 seconds and a tenth fraction digit are no time.
    const datetime = (text: string) => (kernel.masks[texts.indexOf(text)]! & Cell.DATETIME) !== 0;
    expect(datetime('2020-01-02T03:04:59Z')).toBe(true);
    expect(datetime('2020-01-02T03:04:60Z')).toBe(false);
    expect(datetime('2020-01-02T03:04:05.1234567890Z')).toBe(false);
    expect(datetime('1/2/2020 1:07:59.999 PM')).toBe(true);
    expect(datetime('1/2/2020 1:07:60 PM')).toBe(false);
  });
});

describe('kernel hashes', () => {
  it('returns the JavaScript hashBytes, hashNumber and combineHash', () => {
    const memory = new KernelMemory();
    const at = memory.alloc(64);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.double({ noNaN: true }), (bytes, x) => {
        // Prepare
        new Uint8Array(memory.buffer).set(bytes, at);
        const h = hashBytes(bytes, 0, bytes.length);

        // Act
        const kernelHash = memory.kernel.hashBytes(at, bytes.length);

        // Assess
        expect(kernelHash).toBe(h);
        expect(memory.kernel.hashNumber(x)).toBe(hashNumber(x));
        expect(memory.kernel.combineHash(h, hashNumber(x))).toBe(combineHash(h, hashNumber(x)));
      }),
      { numRuns: 2000 },
    );
  });
});
