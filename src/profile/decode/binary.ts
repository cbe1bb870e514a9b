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
];

/** Names a well-known binary format from its magic bytes, or null. */
export function describeBinary(head: Uint8Array): string | null {
  for (const { bytes, kind } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return kind;
  }
  return null;
}
