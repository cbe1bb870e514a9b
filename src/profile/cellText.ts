// Cell text: what the kernel cannot give JavaScript, decoded strings. The frequencies' labels
// (top values) and the digits of big integers are read with it.

const textDecoder = new TextDecoder();

/** Decodes UTF-8 bytes; short ASCII runs skip TextDecoder's per-call overhead. */
export function decodeText(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 16) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii)
      return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
  }
  return textDecoder.decode(buf.subarray(start, end));
}
