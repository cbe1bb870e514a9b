/** Number of bytes at the end of `buf` that start a multi-byte sequence not yet complete. */
export function incompleteTail(buf: Uint8Array): number {
  const len = buf.length;
  // Look back at most 3 bytes for a lead byte.
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = buf[len - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    let need = 0;
    if (b >= 0xf0 && b <= 0xf4) need = 4;
    else if (b >= 0xe0) need = 3;
    else if (b >= 0xc2) need = 2;
    return need > back ? back : 0;
  }
  return 0;
}

/** Offset of the first byte that is not valid UTF-8, or -1 when all of `buf` is valid. */
export function findInvalidUtf8(buf: Uint8Array): number {
  const len = buf.length;
  let i = 0;
  while (i < len) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
