import { BOOL_MASK, Cell, DATE_MASK, TYPE_MASK } from './constants.js';

/** Counts, over a column's non-null values, of the values that fit each type. */
export interface TypeFit {
  nonNull: number;
  bool: number;
  /** Integer syntax (INT). Every int also counts in `float`. */
  int: number;
  float: number;
  leadingZero: number;
  dateIso: number;
  dateUs: number;
  dateEu: number;
  /** Values that fit both `MM/DD/YYYY` and `DD/MM/YYYY` (counted in `dateUs` and `dateEu` too). */
  dateAmbiguous: number;
  dateYmdSlash: number;
  dateDot: number;
  datetime: number;
}

/** A zeroed {@link TypeFit}. */
export function createTypeFit(): TypeFit {
  return {
    nonNull: 0,
    bool: 0,
    int: 0,
    float: 0,
    leadingZero: 0,
    dateIso: 0,
    dateUs: 0,
    dateEu: 0,
    dateAmbiguous: 0,
    dateYmdSlash: 0,
    dateDot: 0,
    datetime: 0,
  };
}

/** Adds one non-null cell's `Cell` bitmask to `fit` (do not pass NULL cells). */
export function countCell(fit: TypeFit, mask: number): void {
  countCells(fit, mask, 1);
}

/** Adds `n` non-null cells of one `Cell` bitmask to `fit` (as `n` calls of {@link countCell}). */
export function countCells(fit: TypeFit, mask: number, n: number): void {
  fit.nonNull += n;
  if ((mask & TYPE_MASK) === 0) return;
  if ((mask & BOOL_MASK) !== 0) fit.bool += n;
  if ((mask & Cell.FLOAT) !== 0) {
    fit.float += n;
    if ((mask & Cell.INT) !== 0) fit.int += n;
    if ((mask & Cell.LEADING_ZERO) !== 0) fit.leadingZero += n;
  }
  if ((mask & DATE_MASK) !== 0) {
    if ((mask & Cell.DATE_ISO) !== 0) fit.dateIso += n;
    if ((mask & Cell.DATE_US) !== 0) fit.dateUs += n;
    if ((mask & Cell.DATE_EU) !== 0) fit.dateEu += n;
    if ((mask & (Cell.DATE_US | Cell.DATE_EU)) === (Cell.DATE_US | Cell.DATE_EU)) {
      fit.dateAmbiguous += n;
    }
    if ((mask & Cell.DATE_YMD_SLASH) !== 0) fit.dateYmdSlash += n;
    if ((mask & Cell.DATE_DOT) !== 0) fit.dateDot += n;
  }
  if ((mask & Cell.DATETIME) !== 0) fit.datetime += n;
}

/** Adds two fits (e.g. of chunks profiled apart). */
export function mergeTypeFit(into: TypeFit, from: TypeFit): TypeFit {
  for (const key of Object.keys(into) as (keyof TypeFit)[]) into[key] += from[key];
  return into;
}
