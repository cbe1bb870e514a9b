// The one source of what the WebAssembly kernel (AssemblyScript) and its TypeScript callers
// must agree on: the cell bits, the return codes, and the memory layouts of the blocks they
// share. `npm run build:kernel` renders it into src/profile/kernel/assembly/layout/*.ts (bare
// constants, as the kernel's code uses them) and src/profile/kernel/layout.generated.ts (one
// `as const` object per group); the kernel build test fails when either is stale.
//
// A group is one of:
//   values: { NAME: number }          the same number on both sides (`asType` in AssemblyScript)
//   words:  [NAME, ...]               a block of i32 words: byte offsets (4 i) in AssemblyScript,
//                                     word indexes (i) in TypeScript
//   bytes:  { NAME: [offset, type] }  a block of mixed fields: byte offsets on both sides

/** @type {Record<string, { file: string; doc: string; asType?: string; values?: Record<string, number>; words?: string[]; bytes?: Record<string, [number, string]> }>} */
export const KERNEL_LAYOUT = {
  Cell: {
    file: 'cell',
    doc:
      'Bits of a cell classification (the `Cell` mask). A cell with no type bit is a string; ' +
      'WHITESPACE may come with any non-null result; SLOW marks a number whose value needs ' +
      "JavaScript's Number() (src/profile/slowNumbers.ts). DATE_* name the form of a cell's " +
      'date, with or without a time; TIME says it has one (it is then a datetime, not a date); ' +
      'DATETIME marks every date and datetime; SHORT_YEAR a date written with a two-digit year.',
    asType: 'i32',
    values: {
      NULL: 1 << 0,
      TRUE: 1 << 1,
      FALSE: 1 << 2,
      INT: 1 << 3,
      FLOAT: 1 << 4,
      LEADING_ZERO: 1 << 5,
      BIG_INT: 1 << 6,
      DATE_ISO: 1 << 7,
      DATE_US: 1 << 8,
      DATE_EU: 1 << 9,
      DATE_YMD_SLASH: 1 << 10,
      DATE_DOT: 1 << 11,
      DATETIME: 1 << 12,
      WHITESPACE: 1 << 13,
      TIME: 1 << 14,
      SHORT_YEAR: 1 << 15,
      SLOW: 1 << 16,
    },
  },
  ScanState: {
    file: 'scanState',
    doc:
      'The scanner state block (assembly/scan.ts, parse/KernelCsvParser.ts): options (QUOTE -1: ' +
      'no quote character), field arrays, input, position, line, line-ending counts, scratch, ' +
      'the out words of a record, and comment lines: COMMENT the byte that starts them (-1: ' +
      'none), COMMENT_ALL 1 when every line starting with it is one (else, in rows mode, a ' +
      'record of a width other than the batch width), their count and a list of their lines ' +
      '(f64, COMMENT_CAP long).',
    asType: 'usize',
    words: [
      'DELIM',
      'QUOTE',
      'MAX_FIELD',
      'MAX_RECORD',
      'MAX_COLUMNS',
      'FIELD_CAP',
      'STARTS',
      'ENDS',
      'KINDS',
      'POS',
      'END',
      'FINAL',
      'LINE',
      'COUNT_LF',
      'COUNT_CRLF',
      'COUNT_CR',
      'SCRATCH',
      'OUT_FIELDS',
      'OUT_LINE',
      'OUT_END',
      'OUT_ERROR_LINE',
      'COMMENT',
      'COMMENT_ALL',
      'COMMENTS',
      'COMMENT_LINES',
      'COMMENT_LENGTH',
      'COMMENT_CAP',
    ],
  },
  Scan: {
    file: 'scanResult',
    doc: 'What `scanRecord` and `scanRows` return (ROWS_FULL: the row batch is full).',
    asType: 'i32',
    values: {
      SCAN_NEED_INPUT: 0,
      SCAN_RECORD: 1,
      SCAN_DONE: 2,
      SCAN_NEED_FIELDS: 3,
      ROWS_FULL: 4,
      SCAN_UNTERMINATED: -1,
      SCAN_FIELD_TOO_LARGE: -2,
      SCAN_TOO_MANY_COLUMNS: -3,
    },
  },
  RowBlock: {
    file: 'rowBlock',
    doc:
      'The row batch block `scanRows` fills (assembly/rows.ts, RowBatch.ts): width, capacity, ' +
      'rows, the column-major cell arrays, and what the scan counted (MALFORMED: records with ' +
      'text after a closing quote).',
    asType: 'usize',
    words: [
      'WIDTH',
      'CAPACITY',
      'ROWS',
      'MIN_PRESENT',
      'STARTS',
      'ENDS',
      'PRESENT',
      'LINES',
      'RECORDS',
      'DATA_ROWS',
      'BLANK',
      'TOO_MANY',
      'TOO_FEW',
      'SAMPLE_LINES',
      'BLANK_LINES',
      'BLANK_LENGTH',
      'MANY_LINES',
      'MANY_LENGTH',
      'FEW_LINES',
      'FEW_LENGTH',
      'MALFORMED',
      'MALFORMED_LINES',
      'MALFORMED_LENGTH',
    ],
  },
  ColumnSlot: {
    file: 'columnState',
    doc:
      "A column's state block (assembly/column.ts, kernel/columnState.ts), in f64 slots: " +
      'FIT holds nonNull, bool, int, float, leadingZero, dateIso, dateUs, dateEu, ' +
      'dateAmbiguous, dateYmdSlash, dateDot (dates without a time), datetime, timeIso, timeUs, ' +
      'timeEu, timeAmbiguous, timeYmdSlash, timeDot (dates with one), shortYear; DAY_MIN and ' +
      'DAY_MAX one slot per date format (dates), MS_MIN and MS_MAX one per date format ' +
      '(datetimes); MOMENTS n, mean, m2, sum, sumc, min, max; then LIST_COUNT list lengths and ' +
      'the lists of `sampleLines` slots each (missing, whitespace, leading zero, one per ' +
      'candidate type).',
    asType: 'i32',
    values: {
      MISSING: 0,
      WHITESPACE_COUNT: 1,
      FIT: 2,
      LENGTH_MIN: 21,
      LENGTH_MAX: 22,
      LENGTH_SUM: 23,
      TRUE_COUNT: 24,
      FALSE_COUNT: 25,
      ZEROS: 26,
      NEGATIVES: 27,
      DAY_MIN: 28,
      DAY_MAX: 33,
      MS_MIN: 38,
      MS_MAX: 43,
      MOMENTS: 48,
      LIST_LENGTHS: 55,
      LISTS: 63,
      LIST_COUNT: 8,
      LIST_MISSING: 0,
      LIST_WHITESPACE: 1,
      LIST_LEADING_ZERO: 2,
      LIST_INVALID: 3,
    },
  },
  QuantileState: {
    file: 'quantileState',
    doc:
      "A quantile sketch's state block (assembly/quantiles.ts, kernel/quantileState.ts): the " +
      'positive and negative stores each have a header of S_MIN, S_MAX, S_COLLAPSED (i32) at ' +
      'POS and NEG; their ring bins follow at BINS.',
    bytes: {
      COUNT: [0, 'f64'],
      ZERO: [8, 'f64'],
      MIN: [16, 'f64'],
      MAX: [24, 'f64'],
      MULTIPLIER: [32, 'f64'],
      MAX_BINS: [40, 'i32'],
      MASK: [44, 'i32'],
      POS: [48, 'i32'],
      NEG: [64, 'i32'],
      BINS: [128, 'f64'],
      S_MIN: [0, 'i32'],
      S_MAX: [4, 'i32'],
      S_COLLAPSED: [8, 'i32'],
    },
    asType: 'i32',
  },
  FreqHeader: {
    file: 'frequencies',
    doc:
      "The header of a column's frequencies state block (assembly/frequencies.ts, " +
      'kernel/KernelFrequencies.ts); FREQ_* say why `addFrequencies` returned.',
    asType: 'usize',
    bytes: {
      LIMIT: [0, 'i32'],
      MODE: [4, 'i32'],
      EXACT_MASK: [8, 'i32'],
      EXACT_SIZE: [12, 'i32'],
      ITEMS_SIZE: [16, 'i32'],
      HEAVY: [20, 'i32'],
      REQUESTS: [24, 'i32'],
      STOP: [28, 'i32'],
      TOTAL: [32, 'f64'],
      OFFSET: [40, 'f64'],
      FLOOR: [48, 'f64'],
      SCRATCH: [56, 'i32'],
      CAPACITY: [60, 'i32'],
      HEADER: [64, 'u8'],
    },
  },
  Freq: {
    file: 'frequencyCodes',
    doc: 'Why `addFrequencies` returned, and the sizes of the estimated layout.',
    asType: 'i32',
    values: {
      FREQ_DONE: 0,
      FREQ_SPILL: 1,
      FREQ_GROW: 2,
      FREQUENT_ITEMS: 128,
      ITEM_SLOTS: 256,
      HLL_REGISTERS: 16384,
    },
  },
  DedupeHeader: {
    file: 'dedupe',
    doc:
      "The header of the row deduplicator's state block (assembly/dedupe.ts, " +
      'kernel/KernelRowDeduplicator.ts); the HyperLogLog registers follow it, then the lines.',
    asType: 'usize',
    bytes: {
      MODE: [0, 'i32'],
      SIZE: [4, 'i32'],
      MASK: [8, 'i32'],
      TABLE: [12, 'i32'],
      GROW_AT: [16, 'i32'],
      SAMPLE_LINES: [20, 'i32'],
      LINES_N: [24, 'i32'],
      BATCH: [28, 'i32'],
      PENDING: [32, 'i32'],
      WANT_SLOTS: [36, 'i32'],
      ROWS: [40, 'f64'],
      EXACT_DUPLICATES: [48, 'f64'],
      LIMIT: [56, 'f64'],
      DISTINCT_AT_SWITCH: [64, 'f64'],
      ROWS_AT_SWITCH: [72, 'f64'],
      SORT_MIN_SLOTS: [80, 'i32'],
      SORT_MIN_ROWS: [84, 'i32'],
      HEADER: [128, 'u8'],
    },
  },
};

const BANNER =
  '// Generated by `npm run build:kernel` from scripts/kernel-layout.mjs: do not edit.';

/** `text` in lines of at most `width` characters, each starting with `prefix`. */
function wrap(text, prefix, width = 100) {
  const lines = [];
  let line = prefix;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line !== prefix) {
      lines.push(line);
      line = prefix;
    }
    line += line === prefix ? word : ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** The entries of a group as [name, AssemblyScript value, TypeScript value]. */
function entries(group) {
  if (group.values) return Object.entries(group.values).map(([k, v]) => [k, v, v]);
  if (group.words) return group.words.map((k, i) => [k, i * 4, i]);
  return Object.entries(group.bytes).map(([k, [offset]]) => [k, offset, offset]);
}

/** The AssemblyScript modules: path (under assembly/layout) -> text. */
export function renderLayoutAssembly() {
  const out = {};
  for (const group of Object.values(KERNEL_LAYOUT)) {
    const lines = [BANNER, ...wrap(group.doc, '// '), ''];
    for (const [name, value] of entries(group)) {
      const type = group.asType ?? 'i32';
      lines.push(`export const ${name}: ${type} = ${value};`);
    }
    out[`${group.file}.ts`] = `${lines.join('\n')}\n`;
  }
  return out;
}

/** The TypeScript module. */
export function renderLayoutTypeScript() {
  const lines = [BANNER, ''];
  for (const [name, group] of Object.entries(KERNEL_LAYOUT)) {
    const unit = group.words ? ' (i32 word indexes)' : group.bytes ? ' (byte offsets)' : '';
    lines.push('/**', ...wrap(`${group.doc}${unit}`, ' * '), ' */');
    lines.push(`export const ${name} = {`);
    for (const [key, , value] of entries(group)) lines.push(`  ${key}: ${value},`);
    lines.push('} as const;', '');
  }
  return lines.join('\n');
}
