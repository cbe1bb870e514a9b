/**
 * Counts, over a column's non-null values, of the values that fit each type (the kernel counts
 * them: `countRun` in kernel/assembly/column.ts).
 */
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
  /**
   * Dates (without a time) per form: `dateIso` .. `dateDot`; `dateAmbiguous` fit both
   * `MM/DD/YYYY` and `DD/MM/YYYY` (counted in `dateUs` and `dateEu` too).
   */
  dateAmbiguous: number;
  dateYmdSlash: number;
  dateDot: number;
  /** Dates and datetimes (a date is a datetime at midnight). */
  datetime: number;
  /** Datetimes (with a time of day) per form of their date, as the date counts above. */
  timeIso: number;
  timeUs: number;
  timeEu: number;
  timeAmbiguous: number;
  timeYmdSlash: number;
  timeDot: number;
  /** Dates and datetimes written with a two-digit year (`1/1/85`). */
  shortYear: number;
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
    timeIso: 0,
    timeUs: 0,
    timeEu: 0,
    timeAmbiguous: 0,
    timeYmdSlash: 0,
    timeDot: 0,
    shortYear: 0,
  };
}

/** Adds two fits (e.g. of chunks profiled apart). */
export function mergeTypeFit(into: TypeFit, from: TypeFit): TypeFit {
  for (const key of Object.keys(into) as (keyof TypeFit)[]) into[key] += from[key];
  return into;
}
