import { ProfileError, ProfileErrorCode } from '../errors.js';

const SIGNATURES: readonly { bytes: readonly number[]; kind: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'ZIP archive, e.g. an Excel workbook' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'legacy Office document' },
  { bytes: [0x50, 0x41, 0x52, 0x31], kind: 'Parquet file' },
  { bytes: [0x42, 0x5a, 0x68], kind: 'bzip2 archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], kind: 'xz archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'zstd archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], kind: 'SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'ELF executable' },
];

/**
 * Text is binary when control characters (C0 but TAB, LF and CR; NUL included) are at least
 * this share of the characters of its start (the sniffer's sample) and at least
 * BINARY_MIN_CONTROLS of them. Random bytes have 11% (29 of 256 values); text that carries a few
 * control characters on every line, about 1%. Perl's -B file test judges a file by the share of
 * odd characters in its first block the same way (perlfunc -X: more than a third, high-bit bytes
 * counted too); unlike it (and git's and grep's "a NUL means binary"), a few NUL bytes in text do
 * not make it binary: the profile reports them (`control_characters`).
 */
export const BINARY_CONTROL_SHARE = 0.05;
export const BINARY_MIN_CONTROLS = 16;

/**
 * Throws NOT_TEXT when the start of the text (`sample`, UTF-8) is binary by its share of control
 * characters (see BINARY_CONTROL_SHARE). Known formats are rejected earlier by their magic bytes.
 */
export function rejectBinaryText(sample: Uint8Array): void {
  let controls = 0;
  let characters = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if ((b & 0xc0) !== 0x80) characters++; // not a UTF-8 continuation byte
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  if (controls >= BINARY_MIN_CONTROLS && controls >= characters * BINARY_CONTROL_SHARE) {
    const pct = Math.round((controls / characters) * 1000) / 10;
    throw new ProfileError(
      ProfileErrorCode.NOT_TEXT,
      `The file is binary, not CSV text: ${pct}% of its first ${characters} characters are control characters`,
    );
  }
}

/** Names a well-known binary format from its magic bytes, or null. */
export function describeBinary(head: Uint8Array): string | null {
  for (const { bytes, kind } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return kind;
  }
  return null;
}
