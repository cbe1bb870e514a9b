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

/**
 * Decodes standard base64 (padding optional); throws {@link SketchJsonError} on bad input: a
 * character outside the alphabet, misplaced padding, or a non-canonical last character (what
 * Buffer would skip or round silently). Checked by encoding the bytes again, not by a regular
 * expression over the text: a state's hash list is megabytes long (a regex took 15 ms a MB).
 */
export function decodeBase64(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  const again = bytes.toString('base64');
  const unpadded = text.length % 4 !== 0;
  if (again !== text && !(unpadded && again.length - text.length <= 2 && again.startsWith(text))) {
    throw new SketchJsonError('invalid base64');
  }
  // A copy: a small Buffer lives in Node's shared pool, which later Buffers reuse.
  return new Uint8Array(bytes);
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

/** The ascending hashes behind each list set by {@link setLazyHashList}. */
const sortedOf = new WeakMap<object, Float64Array>();

/**
 * Gives `target` an `exact` property holding the hash list of `sorted` (ascending), encoded only
 * when first read (JSON.stringify, a worker's message), and remembers `sorted` for
 * {@link readHashList}: a merge of many pieces then decodes and encodes its growing set once,
 * not at every step.
 */
export function setLazyHashList(target: object, sorted: Float64Array): void {
  let text: string | null = null;
  Object.defineProperty(target, 'exact', {
    enumerable: true,
    configurable: true,
    get: () => {
      text ??= encodeSortedHashList(sorted);
      return text;
    },
  });
  sortedOf.set(target, sorted);
}

/** The ascending hashes of `json.exact`: the array behind a lazy list, else decoded. */
export function readHashList(json: { exact: string }): Float64Array {
  return sortedOf.get(json) ?? decodeHashList(json.exact);
}
