import type { TypeFit } from '../infer/typeFit.js';
import { finiteOrNull, type KernelColumnState } from '../state/types.js';

// Slots of the kernel's per-column state block (f64 each): mirrors assembly/column.ts.
const MISSING = 0;
const WHITESPACE = 1;
const FIT = 2;
const LENGTH_MIN = 14;
const LENGTH_MAX = 15;
const LENGTH_SUM = 16;
const TRUE_COUNT = 17;
const FALSE_COUNT = 18;
const ZEROS = 19;
const NEGATIVES = 20;
const DAY_MIN = 21;
const DAY_MAX = 26;
const MS_MIN = 31;
const MS_MAX = 32;
const MOMENTS = 33;
/** Slot holding the count of the column's numbers (its moments' n). */
export const NUMBERS_SLOT = MOMENTS;
const LIST_LENGTHS = 40;
const LISTS = 48;
const LIST_COUNT = 8;

/** Keys of {@link TypeFit} in the order of the state block's fit slots. */
const FIT_KEYS: readonly (keyof TypeFit)[] = [
  'nonNull',
  'bool',
  'int',
  'float',
  'leadingZero',
  'dateIso',
  'dateUs',
  'dateEu',
  'dateAmbiguous',
  'dateYmdSlash',
  'dateDot',
  'datetime',
];

/** Number of f64 slots of a state block with `sampleLines` lines per list. */
export function columnStateSlots(sampleLines: number): number {
  return LISTS + LIST_COUNT * sampleLines;
}

/** Reads a state block (`state` views exactly its slots). */
export function readColumnState(state: Float64Array, sampleLines: number): KernelColumnState {
  const list = (i: number): number[] => {
    const from = LISTS + i * sampleLines;
    return Array.from(state.subarray(from, from + state[LIST_LENGTHS + i]!));
  };
  const fit = {} as TypeFit;
  FIT_KEYS.forEach((key, i) => {
    fit[key] = state[FIT + i]!;
  });
  const n = state[MOMENTS]!;
  return {
    missing: state[MISSING]!,
    missingLines: list(0),
    whitespace: state[WHITESPACE]!,
    whitespaceLines: list(1),
    leadingZeroLines: list(2),
    invalidLines: [list(3), list(4), list(5), list(6), list(7)],
    fit,
    lengthMin: finiteOrNull(state[LENGTH_MIN]!),
    lengthMax: finiteOrNull(state[LENGTH_MAX]!),
    lengthSum: state[LENGTH_SUM]!,
    trueCount: state[TRUE_COUNT]!,
    falseCount: state[FALSE_COUNT]!,
    zeros: state[ZEROS]!,
    negatives: state[NEGATIVES]!,
    dayMin: Array.from(state.subarray(DAY_MIN, DAY_MIN + 5), finiteOrNull),
    dayMax: Array.from(state.subarray(DAY_MAX, DAY_MAX + 5), finiteOrNull),
    msMin: finiteOrNull(state[MS_MIN]!),
    msMax: finiteOrNull(state[MS_MAX]!),
    moments: {
      n,
      mean: state[MOMENTS + 1]!,
      m2: state[MOMENTS + 2]!,
      sum: state[MOMENTS + 3]!,
      sumc: state[MOMENTS + 4]!,
      min: n === 0 ? null : state[MOMENTS + 5]!,
      max: n === 0 ? null : state[MOMENTS + 6]!,
    },
  };
}
