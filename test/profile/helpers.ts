import { CsvParser, type RecordSink } from '../../src/profile/parse/CsvParser.js';

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
