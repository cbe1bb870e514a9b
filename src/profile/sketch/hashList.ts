import { SketchJsonError } from './errors.js';

/**
 * Encodes a list of 53-bit hashes compactly: sorted, delta-coded as LEB128 varints, base64.
 * About 6 bytes (8 base64 characters) per hash for 100k well-mixed hashes.
 */
export function encodeHashList(hashes: Float64Array): string {
  return encodeSortedHashList(hashes.slice().sort());
}

/** {@link encodeHashList} of hashes already in ascending order (no copy, no sort). */
export function encodeSortedHashList(sorted: Float64Array): string {
  const out = new Uint8Array(sorted.length * 8 + 8);
  let o = 0;
  let prev = 0;
  for (let i = 0; i < sorted.length; i++) {
    const h = sorted[i]!;
    let d = h - prev;
    prev = h;
    while (d >= 128) {
      out[o++] = (d % 128) | 128;
      d = Math.floor(d / 128);
    }
    out[o++] = d;
  }
  return Buffer.from(out.buffer, 0, o).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 (padding optional); throws {@link SketchJsonError} on bad input. */
export function decodeBase64(text: string): Uint8Array {
  // Buffer skips characters outside the alphabet: reject them first.
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw new SketchJsonError('invalid base64');
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Decodes {@link encodeHashList} output (ascending order). */
export function decodeHashList(text: string): Float64Array {
  const bytes = decodeBase64(text);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! < 128) n++;
  const out = new Float64Array(n);
  let value = 0;
  let delta = 0;
  let mult = 1;
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    delta += (b & 127) * mult;
    if (b < 128) {
      value += delta;
      if (value >= 2 ** 53) throw new SketchJsonError('hash list value out of range');
      out[o++] = value;
      delta = 0;
      mult = 1;
    } else {
      mult *= 128;
    }
  }
  if (mult !== 1) throw new SketchJsonError('truncated hash list');
  return out;
}
