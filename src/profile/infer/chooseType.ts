import { ColumnType, DateFormat, ShortYearFormat, type TemporalFormat } from '../types.js';
import { Candidate, DEFAULT_TYPE_THRESHOLD } from './constants.js';
import type { TypeFit } from './typeFit.js';

/** The type chosen for a column. */
export interface TypeChoice {
  type: ColumnType;
  /** Set for `date` and `datetime`: the form of the date most values use. */
  dateFormat?: DateFormat;
  /** True when every slash date was ambiguous between MM/DD and DD/MM and MM/DD was taken. */
  ambiguousDate: boolean;
  /** Non-null values that fit the type (for `date`: that use `dateFormat`). */
  fitted: number;
}

/** Counts of values per form of their date (a TypeFit's date or time counts). */
interface DateCounts {
  iso: number;
  us: number;
  eu: number;
  ambiguous: number;
  ymdSlash: number;
  dot: number;
}

/** The counts of dates without a time. */
function dateCounts(fit: TypeFit): DateCounts {
  return {
    iso: fit.dateIso,
    us: fit.dateUs,
    eu: fit.dateEu,
    ambiguous: fit.dateAmbiguous,
    ymdSlash: fit.dateYmdSlash,
    dot: fit.dateDot,
  };
}

/** The counts of dates and datetimes together (the forms of a datetime column's dates). */
function datetimeCounts(fit: TypeFit): DateCounts {
  return {
    iso: fit.dateIso + fit.timeIso,
    us: fit.dateUs + fit.timeUs,
    eu: fit.dateEu + fit.timeEu,
    ambiguous: fit.dateAmbiguous + fit.timeAmbiguous,
    ymdSlash: fit.dateYmdSlash + fit.timeYmdSlash,
    dot: fit.dateDot + fit.timeDot,
  };
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

  const date = chooseDateFormat(dateCounts(fit));
  if (date !== undefined && reaches(date.anyDate)) {
    return {
      type: ColumnType.date,
      dateFormat: date.format,
      ambiguousDate: date.ambiguous,
      fitted: date.fitted,
    };
  }
  if (reaches(fit.datetime)) {
    const form = chooseDateFormat(datetimeCounts(fit))!;
    return {
      type: ColumnType.datetime,
      dateFormat: form.format,
      ambiguousDate: form.ambiguous,
      fitted: fit.datetime,
    };
  }
  return { type: ColumnType.string, ambiguousDate: false, fitted: n };
}

interface DateChoice {
  format: DateFormat;
  ambiguous: boolean;
  fitted: number;
  anyDate: number;
}

/** The date form most values use, or undefined when no value has a date. */
function chooseDateFormat(c: DateCounts): DateChoice | undefined {
  const usOnly = c.us - c.ambiguous;
  const euOnly = c.eu - c.ambiguous;
  const slash = usOnly + euOnly + c.ambiguous;
  const anyDate = c.iso + slash + c.ymdSlash + c.dot;
  if (anyDate === 0) return undefined;
  const best = Math.max(c.iso, slash, c.ymdSlash, c.dot);
  if (c.iso === best) {
    return { format: DateFormat.iso, ambiguous: false, fitted: c.iso, anyDate };
  }
  if (slash === best) {
    if (usOnly === 0 && euOnly === 0) {
      return { format: DateFormat.us, ambiguous: true, fitted: c.us, anyDate };
    }
    const eu = usOnly === 0 || (euOnly > 0 && c.eu > c.us);
    return eu
      ? { format: DateFormat.eu, ambiguous: false, fitted: c.eu, anyDate }
      : { format: DateFormat.us, ambiguous: false, fitted: c.us, anyDate };
  }
  if (c.ymdSlash === best) {
    return { format: DateFormat.ymdSlash, ambiguous: false, fitted: c.ymdSlash, anyDate };
  }
  return { format: DateFormat.dot, ambiguous: false, fitted: c.dot, anyDate };
}

/**
 * The format a date or datetime column reports (see TemporalFormat): its date form, the
 * two-digit-year form when most of its values write the year so, and for a datetime ` hh:mm:ss`
 * after it (ISO 8601 datetimes report `ISO 8601`).
 */
export function temporalFormat(choice: TypeChoice, fit: TypeFit): TemporalFormat {
  const form = choice.dateFormat!;
  const slash = form === DateFormat.us || form === DateFormat.eu;
  const short = slash && fit.shortYear * 2 > choice.fitted;
  const date =
    short && form === DateFormat.us ? ShortYearFormat.us : short ? ShortYearFormat.eu : form;
  if (choice.type !== ColumnType.datetime) return date;
  return date === DateFormat.iso ? 'ISO 8601' : `${date} hh:mm:ss`;
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
