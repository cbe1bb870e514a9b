import { SketchJsonError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as standard base64 with padding (no Buffer, so it runs anywhere). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk +=
      ALPHABET[v >>> 18]! +
      ALPHABET[(v >>> 12) & 63]! +
      ALPHABET[(v >>> 6) & 63]! +
      ALPHABET[v & 63]!;
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = n - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    chunk += `${ALPHABET[v >>> 18]!}${ALPHABET[(v >>> 12) & 63]!}==`;
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += `${ALPHABET[v >>> 18]!}${ALPHABET[(v >>> 12) & 63]!}${ALPHABET[(v >>> 6) & 63]!}=`;
  }
  parts.push(chunk);
  return parts.join('');
}

/** Decodes standard base64 (padding optional); throws {@link SketchJsonError} on bad input. */
export function decodeBase64(text: string): Uint8Array {
  let len = text.length;
  while (len > 0 && text.charCodeAt(len - 1) === 61) len--;
  if (len % 4 === 1) throw new SketchJsonError('invalid base64 length');
  const out = new Uint8Array((len * 3) >>> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const d = c < 256 ? DECODE[c]! : -1;
    if (d < 0) throw new SketchJsonError(`invalid base64 character at ${i}`);
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return o === out.length ? out : out.subarray(0, o);
}
