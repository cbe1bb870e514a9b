import type { Profiler } from '../Profiler.js';
import type { SniffResult } from '../sniff/sniffDialect.js';
import type { RowDuplicatesJson } from '../state/RowDuplicates.js';
import type { ProfileState } from '../state/types.js';
import type { Dialect } from '../types.js';

// The types of a split profile: a file cut into byte ranges, each profiled on its own (a worker
// thread, a Lambda invocation), then merged into the state one pass would have left. The rules
// live in this folder: planSplit.ts (where to cut), profilePiece.ts (one piece, speculatively),
// mergePieces.ts (validation, re-runs, global line numbers, the merge).

/** What a split needs from the head of a file (Profiler.ts `readHeadPlan`). */
export interface HeadPlan {
  /** The dialect exactly as a profile of the whole file sniffs it (flags included). */
  dialect: Dialect;
  /** The columns the first record sets (header names, or `column_N`). */
  columns: string[];
  /** The sniffer's result (where the table starts, comment rule, value tokens...). */
  sniff: SniffResult;
  /** Text offset after the first record (the first piece must hold it: it sets the columns). */
  firstRecordEnd: number;
}

/** How a piece is profiled (Profiler.ts `createPieceProfiler`). */
export interface PieceSetup {
  /** The head's dialect, used as is. */
  dialect: Dialect;
  /** The head's sniff, used as is (the first piece skips what it skipped). */
  sniff: SniffResult;
  /** The head's columns; null for the first piece, which reads the header (or first row) itself. */
  columns: readonly string[] | null;
  /** `detect` for the first piece (BOM, binary checks); later pieces continue the decoding. */
  encoding: 'detect' | 'utf-8' | 'windows-1252';
  /** Line of the piece's first record (1 while not known: the merge offsets them). */
  firstLine: number;
  /** Whether a record before the piece ended with a bare CR (see KernelCsvParser). */
  crSeen: boolean;
  /** The duplicate-row state of the rows before the piece, to continue it (re-runs only). */
  duplicates: RowDuplicatesJson | null;
}

/** The profiler of a piece: a {@link Profiler} that also says where its parse stands. */
export interface PieceProfiler extends Profiler {
  /** True while every text byte so far is ASCII. */
  readonly ascii: boolean;
  /** Line the next record starts on. */
  readonly line: number;
  /** The bytes of the record the parser carries, and raw bytes the decoder holds back. */
  pending(): { held: Uint8Array; carried: Uint8Array };
  /** Gives up the piece (after an error) and hands the kernel memory back. */
  abandon(): void;
}

/** A split of one file: its size, the head's plan and the byte offsets where pieces are cut. */
export interface SplitPlan {
  size: number;
  head: HeadPlan;
  /** The encoding pieces after the first decode in (each line on its own, InputDecoder.ts). */
  encoding: 'utf-8' | 'windows-1252';
  /** `cuts[i]` is the nominal start of piece i (cuts[0] = 0); piece i ends at cuts[i + 1]. */
  cuts: number[];
}

/** Where a piece starts and what it assumes there (a re-run sets every field). */
export interface PieceStart {
  /** Byte offset of its first record; null: find it from the cut (speculative). */
  at: number | null;
  firstLine: number;
  crSeen: boolean;
  duplicates: RowDuplicatesJson | null;
}

/** A data error of a piece (the whole file's, once the piece is known to start right). */
export interface PieceError {
  code: string;
  message: string;
  line?: number | undefined;
}

/** What a piece reports to the merge (JSON: it crosses threads and Lambda invocations). */
export interface PieceResult {
  index: number;
  /** What it assumed at its start (the merge checks each against the pieces before it). */
  start: {
    at: number;
    firstLine: number;
    crSeen: boolean;
    continuesDuplicates: boolean;
  };
  /** Byte offset after its last record (where the next piece must start). */
  stop: number;
  /** Line breaks its records span (the next piece's first line is firstLine + lines). */
  lines: number;
  /** A record of it ended with a bare CR (or one before it had). */
  crSeen: boolean;
  /**
   * It has valid UTF-8 text beyond ASCII (lines that are not valid UTF-8 are decoded each as
   * Windows-1252, InputDecoder.ts; the file is named Windows-1252 only when no piece has this).
   */
  utf8Text: boolean;
  state: ProfileState | null;
  error: PieceError | null;
}
