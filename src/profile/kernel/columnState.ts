import type { TypeFit } from '../infer/typeFit.js';
import { finiteOrNull, type KernelColumnState } from '../state/types.js';
import { ColumnSlot } from './layout.generated.js';

// Slots of the kernel's per-column state block (f64 each), generated with the kernel's own.
const {
  MISSING,
  WHITESPACE_COUNT: WHITESPACE,
  FIT,
  LENGTH_MIN,
  LENGTH_MAX,
  LENGTH_SUM,
  TRUE_COUNT,
  FALSE_COUNT,
  ZEROS,
  NEGATIVES,
  DAY_MIN,
  DAY_MAX,
  MS_MIN,
  MS_MAX,
  MOMENTS,
  LIST_LENGTHS,
  LISTS,
  LIST_COUNT,
  LIST_MISSING,
  LIST_WHITESPACE,
  LIST_LEADING_ZERO,
  LIST_INVALID,
} = ColumnSlot;
/** Slot holding the count of the column's numbers (its moments' n). */
export const NUMBERS_SLOT = MOMENTS;

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
  'timeIso',
  'timeUs',
  'timeEu',
  'timeAmbiguous',
  'timeYmdSlash',
  'timeDot',
  'shortYear',
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
    missingLines: list(LIST_MISSING),
    whitespace: state[WHITESPACE]!,
    whitespaceLines: list(LIST_WHITESPACE),
    leadingZeroLines: list(LIST_LEADING_ZERO),
    invalidLines: Array.from({ length: LIST_COUNT - LIST_INVALID }, (_, c) =>
      list(LIST_INVALID + c),
    ),
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
    msMin: Array.from(state.subarray(MS_MIN, MS_MIN + 5), finiteOrNull),
    msMax: Array.from(state.subarray(MS_MAX, MS_MAX + 5), finiteOrNull),
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
