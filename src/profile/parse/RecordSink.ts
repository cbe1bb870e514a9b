// What the scanner (parse/KernelCsvParser.ts) delivers records to, and its options.

/** The kind of a field, as `inAlt[f]` of {@link RecordSink.record} gives it. */
export const FieldKind = {
  /** Unquoted, or quoted with nothing to undo. */
  PLAIN: 0,
  /** Quoted, with doubled quotes undone. */
  QUOTED_ESCAPES: 1,
  /** Quoted and followed by more text before the delimiter (`"a"b`: kept as `ab`). */
  QUOTED_THEN_TEXT: 2,
} as const;

/**
 * Receives complete records. `starts`/`ends` hold byte offsets of each field's value in `buf`
 * (quotes removed, doubled quotes undone); they are valid only during the call.
 * With the parser option `separateEscaped`, a field whose quotes had to be undone is instead
 * in `alt`: field f is read from `alt` when `inAlt[f] !== 0`, else from `buf` (the rest of
 * the record is then not copied).
 */
export interface RecordSink {
  record(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    fieldCount: number,
    line: number,
    endOffset: number,
    alt: Uint8Array,
    inAlt: Uint8Array,
  ): void;
  /**
   * Optional: called after the records of one `push`/`end` and before the parser reuses the
   * buffers passed to {@link record} (a sink that kept offsets into them must use them now).
   */
  flush?(): void;
}

export interface CsvParserOptions {
  delimiter: number;
  quote: number;
  maxFieldBytes: number;
  maxRecordBytes: number;
  maxColumns: number;
  /** Deliver unescaped fields in a second buffer (see {@link RecordSink}); default false. */
  separateEscaped?: boolean;
  /**
   * KernelCsvParser only: count the control characters of the input (`controls`) and keep the
   * lines of the first `controlLines` of them (`controlSampleLines`); default 0, no count.
   */
  controlLines?: number;
  /** KernelCsvParser only: comment lines whose lines `commentSampleLines` keeps (default 0). */
  commentLines?: number;
  /** The line the first byte pushed is on (default 1: the parser reads from a file's start). */
  firstLine?: number;
  /**
   * A piece of a split file (split/ owns this): a record before it ended with a bare CR (line
   * breaks inside quotes then count bare CRs too, see `countNewlines` in kernel/assembly/scan.ts).
   */
  crSeen?: boolean;
  /** The offset of the first byte pushed in the whole text (default 0); end offsets count from it. */
  firstOffset?: number;
  /** Comment lines from the first record on (default none; see {@link CommentRule}). */
  comment?: CommentRule;
}

/** No comment character (the scanner's COMMENT -1). */
export const NO_COMMENT = -1;

/**
 * Which lines are comments: those starting with `byte` (NO_COMMENT: none); all of them, or only
 * those that do not have the table's width (`all` false; KernelCsvParser in rows mode).
 */
export interface CommentRule {
  byte: number;
  all: boolean;
}

/** No comment lines. */
export const NO_COMMENT_RULE: CommentRule = { byte: NO_COMMENT, all: false };
