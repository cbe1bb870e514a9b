// Deterministic re-encodings of corpus files, the way spreadsheet programs and broken
// pipelines write them (scripts/corpus/sources.json names the input and the transform).
// This file owns the transforms; fetch.ts applies them and checks the output's SHA-256.

/** The transforms a derived corpus file can name in sources.json. */
export const Transform = {
  /** Excel's "CSV UTF-8": a byte order mark and CRLF line ends. */
  utf8BomCrlf: 'utf8-bom-crlf',
  /** Excel in a decimal-comma locale (de-DE): `;` between fields, `,` in numbers, CRLF. */
  excelDecimalComma: 'excel-decimal-comma',
  /** Excel's "CSV" on Windows in a Western locale: Windows-1252 and CRLF. */
  windows1252Crlf: 'windows-1252-crlf',
  /** One line (`line`, 1-based) re-encoded as Windows-1252 inside a UTF-8 file. */
  oneLineWindows1252: 'one-line-windows-1252',
  /** One NUL byte inserted at the start of line `line` (1-based). */
  insertNul: 'insert-nul',
  /** The first half of a gzip file: a cut-off download or upload. */
  truncateHalf: 'truncate-half',
} as const;
export type Transform = (typeof Transform)[keyof typeof Transform];

const LF = 10;
const CR = 13;

// Windows-1252 code points 0x80-0x9F (https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/
// WINDOWS/CP1252.TXT); 0xA0-0xFF equal Latin-1 and Unicode.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Encodes text as Windows-1252; throws on a character the code page does not have. */
export function encodeWindows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let byte: number;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) byte = cp;
    else {
      const i = CP1252_HIGH.indexOf(ch);
      if (i < 0) throw new Error(`U+${cp.toString(16)} has no Windows-1252 byte`);
      byte = 0x80 + i;
    }
    out[n++] = byte;
  }
  return out.subarray(0, n);
}

/** Splits CSV text into records of fields (RFC 4180, `"` quotes), for re-writing. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const toCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** What Excel (de-DE) writes for one cell: decimal comma, quotes only where needed. */
function excelDecimalCommaCell(cell: string): string {
  const value = /^[+-]?\d+\.\d+$/.test(cell) ? cell.replace('.', ',') : cell;
  return /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Applies `transform` to the bytes of a corpus file. */
export function applyTransform(
  transform: Transform,
  input: Uint8Array,
  options: { line?: number } = {},
): Uint8Array {
  const text = (): string => new TextDecoder('utf-8', { fatal: true }).decode(input);
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  switch (transform) {
    case Transform.utf8BomCrlf:
      return utf8(`\uFEFF${toCrlf(text())}`);
    case Transform.excelDecimalComma: {
      const rows = parseCsv(text(), ',');
      return utf8(rows.map((r) => `${r.map(excelDecimalCommaCell).join(';')}\r\n`).join(''));
    }
    case Transform.windows1252Crlf:
      return encodeWindows1252(toCrlf(text()));
    case Transform.oneLineWindows1252:
    case Transform.insertNul: {
      const line = options.line;
      if (line === undefined || line < 1) throw new Error(`${transform} needs a line >= 1`);
      const { start, end } = lineBounds(input, line);
      const middle =
        transform === Transform.insertNul
          ? Uint8Array.of(0, ...input.subarray(start, end))
          : encodeWindows1252(
              new TextDecoder('utf-8', { fatal: true }).decode(input.subarray(start, end)),
            );
      return concat(input.subarray(0, start), middle, input.subarray(end));
    }
    case Transform.truncateHalf:
      return input.slice(0, Math.floor(input.length / 2));
  }
}

/** Byte offsets of line `line` (1-based), without its line end. */
function lineBounds(bytes: Uint8Array, line: number): { start: number; end: number } {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const lf = bytes.indexOf(LF, start);
    if (lf < 0) throw new Error(`the input has fewer than ${line} lines`);
    start = lf + 1;
  }
  let end = bytes.indexOf(LF, start);
  if (end < 0) end = bytes.length;
  if (end > start && bytes[end - 1] === CR) end--;
  return { start, end };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
