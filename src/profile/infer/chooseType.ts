import { ColumnType, DateFormat } from '../types.js';
import { Candidate, DEFAULT_TYPE_THRESHOLD } from './constants.js';
import type { TypeFit } from './typeFit.js';

/** The type chosen for a column. */
export interface TypeChoice {
  type: ColumnType;
  /** Set for `date`: the format most values use. */
  dateFormat?: DateFormat;
  /** True when every slash date was ambiguous between MM/DD and DD/MM and MM/DD was taken. */
  ambiguousDate: boolean;
  /** Non-null values that fit the type (for `date`: that use `dateFormat`). */
  fitted: number;
}

/**
 * Picks a column's type from its counts: the first of boolean, int, float, date, datetime that
 * at least `threshold` of the non-null values fit, else string (or empty without values).
 */
export function chooseType(fit: TypeFit, threshold: number = DEFAULT_TYPE_THRESHOLD): TypeChoice {
  const n = fit.nonNull;
  if (n === 0) return { type: ColumnType.empty, ambiguousDate: false, fitted: 0 };
  // count / n is correctly rounded, so e.g. 19 of 20 reaches a threshold of 0.95 exactly.
  const reaches = (count: number): boolean => count > 0 && count / n >= threshold;

  if (reaches(fit.bool))
    return { type: ColumnType.boolean, ambiguousDate: false, fitted: fit.bool };
  const isInt = reaches(fit.int) && fit.float === fit.int;
  const isFloat = reaches(fit.float);
  if (fit.leadingZero === 0) {
    if (isInt) return { type: ColumnType.int, ambiguousDate: false, fitted: fit.int };
    if (isFloat) return { type: ColumnType.float, ambiguousDate: false, fitted: fit.float };
  } else if (isInt || isFloat) {
    return { type: ColumnType.string, ambiguousDate: false, fitted: n };
  }

  const date = chooseDateFormat(fit);
  if (date !== undefined && reaches(date.anyDate)) {
    return {
      type: ColumnType.date,
      dateFormat: date.format,
      ambiguousDate: date.ambiguous,
      fitted: date.fitted,
    };
  }
  if (reaches(fit.datetime)) {
    return { type: ColumnType.datetime, ambiguousDate: false, fitted: fit.datetime };
  }
  return { type: ColumnType.string, ambiguousDate: false, fitted: n };
}

interface DateChoice {
  format: DateFormat;
  ambiguous: boolean;
  fitted: number;
  anyDate: number;
}

/** The date format most values use, or undefined when no value is a date. */
function chooseDateFormat(fit: TypeFit): DateChoice | undefined {
  const usOnly = fit.dateUs - fit.dateAmbiguous;
  const euOnly = fit.dateEu - fit.dateAmbiguous;
  const slash = usOnly + euOnly + fit.dateAmbiguous;
  const anyDate = fit.dateIso + slash + fit.dateYmdSlash + fit.dateDot;
  if (anyDate === 0) return undefined;
  const best = Math.max(fit.dateIso, slash, fit.dateYmdSlash, fit.dateDot);
  if (fit.dateIso === best) {
    return { format: DateFormat.iso, ambiguous: false, fitted: fit.dateIso, anyDate };
  }
  if (slash === best) {
    if (usOnly === 0 && euOnly === 0) {
      return { format: DateFormat.us, ambiguous: true, fitted: fit.dateUs, anyDate };
    }
    const eu = usOnly === 0 || (euOnly > 0 && fit.dateEu > fit.dateUs);
    return eu
      ? { format: DateFormat.eu, ambiguous: false, fitted: fit.dateEu, anyDate }
      : { format: DateFormat.us, ambiguous: false, fitted: fit.dateUs, anyDate };
  }
  if (fit.dateYmdSlash === best) {
    return { format: DateFormat.ymdSlash, ambiguous: false, fitted: fit.dateYmdSlash, anyDate };
  }
  return { format: DateFormat.dot, ambiguous: false, fitted: fit.dateDot, anyDate };
}

/** The candidate index of a type, or -1 for string and empty (which every value fits). */
export function candidateOf(type: ColumnType): Candidate | -1 {
  switch (type) {
    case ColumnType.boolean:
      return Candidate.boolean;
    case ColumnType.int:
      return Candidate.int;
    case ColumnType.float:
      return Candidate.float;
    case ColumnType.date:
      return Candidate.date;
    case ColumnType.datetime:
      return Candidate.datetime;
    default:
      return -1;
  }
}
