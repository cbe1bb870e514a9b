import { Byte, CANDIDATE_DELIMITERS, DEFAULTS } from '../constants.js';
import { isProfileError } from '../errors.js';
import { createClassifier } from '../infer/classify.js';
import { Cell, TYPE_MASK } from '../infer/constants.js';
import { CsvParser, type RecordSink } from './CsvParser.js';

/** What the sniffer decided; `null` fields in the input mean "sniff it". */
export interface SniffResult {
  delimiter: number;
  quote: number;
  header: boolean;
  decimalComma: boolean;
}

export interface SniffInput {
  delimiter?: number | undefined;
  quote?: number | undefined;
  header?: boolean | undefined;
  decimalComma?: boolean | undefined;
  nullTokens: readonly string[];
}

const MAX_SAMPLE_RECORDS = 500;
/** Bytes the dialect candidates are scored on (more only when too few records fit). */
const SCORE_BYTES = 16 * 1024;
const MIN_SCORE_RECORDS = 20;

/** Records of a sample, as byte copies of each field. */
type SampleRecords = Uint8Array[][];

/** Field counts of the non-blank records of a sample (what a candidate is scored on). */
class Counter implements RecordSink {
  readonly counts: number[] = [];
  record(_buf: Uint8Array, starts: Int32Array, ends: Int32Array, n: number): void {
    if (n === 1 && starts[0] === ends[0]) return; // blank lines say nothing about the dialect
    if (this.counts.length < MAX_SAMPLE_RECORDS) this.counts.push(n);
  }
}

class Collector implements RecordSink {
  readonly records: SampleRecords = [];
  record(buf: Uint8Array, starts: Int32Array, ends: Int32Array, n: number): void {
    if (this.records.length >= MAX_SAMPLE_RECORDS) return;
    const fields: Uint8Array[] = [];
    // Copies (a Buffer's `slice` is a view, and the parser reuses its buffers).
    for (let f = 0; f < n; f++) fields.push(new Uint8Array(buf.subarray(starts[f]!, ends[f]!)));
    this.records.push(fields);
  }
}

function runSample(
  sink: RecordSink,
  sample: Uint8Array,
  complete: boolean,
  delimiter: number,
  quote: number,
): void {
  const parser = new CsvParser(sink, {
    delimiter,
    quote,
    maxFieldBytes: DEFAULTS.maxFieldBytes,
    maxRecordBytes: DEFAULTS.maxRecordBytes,
    maxColumns: Number.MAX_SAFE_INTEGER,
  });
  try {
    parser.push(sample);
    if (complete) parser.end();
  } catch (error) {
    // Malformed input: judge the dialect by the records before the fault; the real parse
    // then reports the fault with its line.
    if (!isProfileError(error)) throw error;
  }
}

function parseSample(
  sample: Uint8Array,
  complete: boolean,
  delimiter: number,
  quote: number,
): SampleRecords {
  const sink = new Collector();
  runSample(sink, sample, complete, delimiter, quote);
  // Blank lines say nothing about the dialect.
  return sink.records.filter((r) => !(r.length === 1 && r[0]!.length === 0));
}

function countFields(
  sample: Uint8Array,
  complete: boolean,
  delimiter: number,
  quote: number,
): number[] {
  const sink = new Counter();
  runSample(sink, sample, complete, delimiter, quote);
  return sink.counts;
}

/** Share of records having the most common field count, and that count. */
function consistency(fieldCounts: readonly number[]): {
  score: number;
  fields: number;
  records: number;
} {
  if (fieldCounts.length === 0) return { score: 0, fields: 1, records: 0 };
  const counts = new Map<number, number>();
  for (const n of fieldCounts) counts.set(n, (counts.get(n) ?? 0) + 1);
  let mode = 1;
  let best = 0;
  for (const [fields, count] of counts) {
    if (count > best || (count === best && fields > mode)) {
      mode = fields;
      best = count;
    }
  }
  return {
    score: mode > 1 ? best / fieldCounts.length : 0,
    fields: mode,
    records: fieldCounts.length,
  };
}

/**
 * Sniffs delimiter, quote, header and decimal separator from the start of a file.
 * `complete` says the sample is the whole file (its last line need not end with a newline).
 */
export function sniffDialect(
  sample: Uint8Array,
  complete: boolean,
  input: SniffInput,
): SniffResult {
  // A single quote is considered only where no double quote appears at all.
  const quotes =
    input.quote !== undefined
      ? [input.quote]
      : sample.indexOf(Byte.DQUOTE) === -1
        ? [Byte.DQUOTE, Byte.SQUOTE]
        : [Byte.DQUOTE];
  const delimiters = input.delimiter === undefined ? CANDIDATE_DELIMITERS : [input.delimiter];
  // Score every candidate on a prefix; a wide file whose records do not fit it gets the rest.
  const score = (bytes: Uint8Array, whole: boolean) => {
    let best = {
      delimiter: delimiters[0]! as number,
      quote: quotes[0]! as number,
      score: -1,
      fields: 0,
      records: 0,
    };
    for (const quote of quotes) {
      for (const delimiter of delimiters) {
        const { score, fields, records } = consistency(countFields(bytes, whole, delimiter, quote));
        // A single quote must earn its place: only strictly better than the double quote.
        const better =
          score > best.score + (quote === Byte.SQUOTE ? 1e-9 : 0) ||
          (score === best.score && score > 0 && fields > best.fields && quote === best.quote);
        if (better) best = { delimiter, quote, score, fields, records };
      }
    }
    return best;
  };
  let bytes = sample;
  let whole = complete;
  if (sample.length > SCORE_BYTES) {
    bytes = sample.subarray(0, SCORE_BYTES);
    whole = false;
  }
  let best = score(bytes, whole);
  if (bytes !== sample && best.records < MIN_SCORE_RECORDS) {
    bytes = sample;
    whole = complete;
    best = score(bytes, whole);
  }
  // Header and decimal separator are judged on the same records.
  const records = parseSample(bytes, whole, best.delimiter, best.quote);
  const decimalComma =
    input.decimalComma ?? (best.delimiter === Byte.SEMICOLON && prefersDecimalComma(records));
  const header = input.header ?? detectHeader(records, decimalComma, input.nullTokens);
  return { delimiter: best.delimiter, quote: best.quote, header, decimalComma };
}

const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const DOT_DECIMAL = /^[+-]?\d+\.\d+$/;
const textDecoder = new TextDecoder();

function prefersDecimalComma(records: SampleRecords): boolean {
  let comma = 0;
  let dot = 0;
  for (const r of records) {
    for (const f of r) {
      if (f.length === 0 || f.length > 40) continue;
      const text = textDecoder.decode(f).trim();
      if (COMMA_DECIMAL.test(text)) comma++;
      else if (DOT_DECIMAL.test(text)) dot++;
    }
  }
  return comma > 0 && comma > dot;
}

/**
 * A header row fails the types the body satisfies. With no typed column to decide, a first row
 * of distinct, non-empty, non-numeric names is taken as a header.
 */
function detectHeader(
  records: SampleRecords,
  decimalComma: boolean,
  nullTokens: readonly string[],
): boolean {
  const first = records[0];
  if (first === undefined) return true;
  const classify = createClassifier({ nullTokens, decimalComma });
  const body = records.slice(1);
  const firstClass = first.map((f) => classify(f, 0, f.length));
  const firstTyped = firstClass.map((m) => (m & TYPE_MASK) !== 0);
  const firstNull = firstClass.map((m) => (m & Cell.NULL) !== 0);
  if (body.length === 0) {
    // Only one row: a header if nothing in it looks like data.
    return first.every((f, i) => f.length > 0 && !firstTyped[i]);
  }
  let forHeader = 0;
  let against = 0;
  for (let c = 0; c < first.length; c++) {
    let nonNull = 0;
    let typed = 0;
    let mask = TYPE_MASK;
    for (const r of body) {
      const f = r[c];
      if (f === undefined) continue;
      const m = classify(f, 0, f.length);
      if ((m & Cell.NULL) !== 0) continue;
      nonNull++;
      if ((m & TYPE_MASK) !== 0) {
        typed++;
        mask &= m;
      }
    }
    if (nonNull === 0 || typed < nonNull * 0.9) continue; // a string column does not vote
    const m = firstClass[c]!;
    if (firstNull[c]) continue;
    if ((m & mask & TYPE_MASK) !== 0 || (firstTyped[c] && mask === 0)) against++;
    else forHeader++;
  }
  if (forHeader > 0 || against > 0) return forHeader > against;
  const names = new Set(first.map((f) => textDecoder.decode(f)));
  return names.size === first.length && first.every((f, i) => f.length > 0 && !firstTyped[i]);
}
