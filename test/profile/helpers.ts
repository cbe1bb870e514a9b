import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KernelMemory } from '../../src/profile/kernel/Kernel.js';
import { KernelCsvParser } from '../../src/profile/parse/KernelCsvParser.js';
import { CsvParser, type CsvParserOptions, type RecordSink } from '../oracles/index.js';

const decoder = new TextDecoder();

/** Parses `bytes` pushed in chunks of `chunkSize` (0 = one shot) into string records. */
export function parseAll(
  bytes: Uint8Array,
  chunkSize = 0,
  options: { delimiter?: string; quote?: string; maxFieldBytes?: number; maxColumns?: number } = {},
): { records: string[][]; lines: number[]; endings: { lf: number; crlf: number; cr: number } } {
  const records: string[][] = [];
  const lines: number[] = [];
  const sink: RecordSink = {
    record(buf, starts, ends, n, line) {
      const fields: string[] = [];
      for (let f = 0; f < n; f++) fields.push(decoder.decode(buf.subarray(starts[f]!, ends[f]!)));
      records.push(fields);
      lines.push(line);
    },
  };
  const parser = new CsvParser(sink, {
    delimiter: (options.delimiter ?? ',').charCodeAt(0),
    quote: (options.quote ?? '"').charCodeAt(0),
    maxFieldBytes: options.maxFieldBytes ?? 1 << 24,
    maxRecordBytes: 1 << 26,
    maxColumns: options.maxColumns ?? 10_000,
  });
  pushChunks(bytes, chunkSize, (c) => parser.push(c));
  parser.end();
  return { records, lines, endings: { ...parser.lineEndings } };
}

/** Calls `push` with consecutive slices of `bytes` (copies, as a stream would deliver). */
export function pushChunks(
  bytes: Uint8Array,
  chunkSize: number,
  push: (c: Uint8Array) => void,
): void {
  if (chunkSize <= 0) {
    push(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += chunkSize) push(bytes.slice(i, i + chunkSize));
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Everything a parser shows its sink and caller: record() and flush() calls, state, error. */
export interface ParseOutcome {
  events: unknown[];
  records: number;
  line: number;
  endings: { lf: number; crlf: number; cr: number };
  /** Comment lines skipped (option `comment`) and the first of their lines. */
  comments: number;
  commentLines: number[];
  error: { name: string; code: unknown; message: string; line: unknown } | null;
}

/**
 * Parses `bytes` in chunks of `chunkSize` (0: one shot) with CsvParser or, in `memory`,
 * KernelCsvParser; `onRecord` runs after each record() call.
 */
export function parseOutcome(
  which: 'js' | 'kernel',
  bytes: Uint8Array,
  chunkSize: number,
  options: CsvParserOptions,
  memory: KernelMemory = new KernelMemory(),
  onRecord?: () => void,
): ParseOutcome {
  const events: unknown[] = [];
  const sink: RecordSink = {
    record(buf, starts, ends, n, line, endOffset, alt, inAlt) {
      const fields: string[] = [];
      for (let f = 0; f < n; f++) {
        const cell = inAlt[f] === 0 ? buf : alt;
        fields.push(decoder.decode(cell.subarray(starts[f]!, ends[f]!)));
      }
      // The field kinds too (0 raw, 1 doubled quotes, 2 text after the closing quote).
      events.push({ fields, n, line, endOffset, kinds: Array.from(inAlt.subarray(0, n)) });
      onRecord?.();
    },
    flush() {
      events.push('flush');
    },
  };
  const parser =
    which === 'js' ? new CsvParser(sink, options) : new KernelCsvParser(sink, options, memory);
  let error: ParseOutcome['error'] = null;
  try {
    pushChunks(bytes, chunkSize, (c) => parser.push(c));
    parser.end();
  } catch (e) {
    const err = e as { name: string; code: unknown; message: string; line: unknown };
    error = { name: err.name, code: err.code, message: err.message, line: err.line };
  }
  return {
    events,
    records: parser.records,
    line: parser.line,
    endings: { ...parser.lineEndings },
    comments: parser.comments,
    commentLines: [...parser.commentSampleLines],
    error,
  };
}

/** The csv-spectrum corpus's CSV files. */
export function spectrumCsvs(): { name: string; csv: Uint8Array }[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('csv-spectrum/package.json')), 'csvs');
  return readdirSync(dir).map((file) => ({
    name: file,
    csv: new Uint8Array(readFileSync(join(dir, file))),
  }));
}
