// Text-level scans of the bytes the CSV scanner is given (parse/KernelCsvParser.ts calls them on
// each push before its records are scanned): control characters, and the physical line of an
// offset. Input regions have 64 readable bytes past their ends (see scan.ts), so the 16-byte
// loads may run over `end`; bytes past it are masked off.

const TAB: i32 = 9;
const LF: i32 = 10;
const CR: i32 = 13;
const SPACE: i32 = 32;

/** Lanes set where `v`'s byte is a control character: below 0x20 and neither TAB, LF nor CR. */
// @ts-expect-error: decorator
@inline
function controlLanes(v: v128, vspace: v128, vtab: v128, vlf: v128, vcr: v128): v128 {
  const allowed = v128.or(v128.or(i8x16.eq(v, vtab), i8x16.eq(v, vlf)), i8x16.eq(v, vcr));
  return v128.andnot(i8x16.lt_u(v, vspace), allowed);
}

/** Bit k set where byte `p + k` (k < 16) is a control character (NUL included). */
// @ts-expect-error: decorator
@inline
function controls16(p: usize, vspace: v128, vtab: v128, vlf: v128, vcr: v128): i32 {
  return i8x16.bitmask(controlLanes(v128.load(p), vspace, vtab, vlf, vcr));
}

/** The number of control characters in `p..end` (see controls16). */
export function countControls(p: usize, end: usize): i32 {
  const vspace = i8x16.splat(<i8>SPACE);
  const vtab = i8x16.splat(<i8>TAB);
  const vlf = i8x16.splat(<i8>LF);
  const vcr = i8x16.splat(<i8>CR);
  let count = 0;
  // Text rarely has any: 64 bytes at a time are tested at once, and counted only when one hits.
  while (p + 64 <= end) {
    const any = v128.or(
      v128.or(
        controlLanes(v128.load(p), vspace, vtab, vlf, vcr),
        controlLanes(v128.load(p, 16), vspace, vtab, vlf, vcr),
      ),
      v128.or(
        controlLanes(v128.load(p, 32), vspace, vtab, vlf, vcr),
        controlLanes(v128.load(p, 48), vspace, vtab, vlf, vcr),
      ),
    );
    if (v128.any_true(any)) {
      for (let k: usize = 0; k < 64; k += 16) {
        count += popcnt<i32>(controls16(p + k, vspace, vtab, vlf, vcr));
      }
    }
    p += 64;
  }
  while (p < end) {
    let m = controls16(p, vspace, vtab, vlf, vcr);
    const left = end - p;
    if (left < 16) m &= (1 << <i32>left) - 1;
    count += popcnt<i32>(m);
    p += 16;
  }
  return count;
}

/** The first control character of `p..end` (see controls16), or `end` when there is none. */
export function findControl(p: usize, end: usize): usize {
  const vspace = i8x16.splat(<i8>SPACE);
  const vtab = i8x16.splat(<i8>TAB);
  const vlf = i8x16.splat(<i8>LF);
  const vcr = i8x16.splat(<i8>CR);
  while (p < end) {
    const m = controls16(p, vspace, vtab, vlf, vcr);
    if (m != 0) {
      const r = p + <usize>ctz<i32>(m);
      return r < end ? r : end;
    }
    p += 16;
  }
  return end;
}

/**
 * The line breaks in `from..to`: every LF, and every CR not followed by LF (a CRLF is one
 * break); `end` bounds the look at the byte after a CR. The physical line of offset `to` is the
 * line at `from` plus this.
 */
export function countLineBreaks(from: usize, to: usize, end: usize): i32 {
  let count = 0;
  for (let q = from; q < to; q++) {
    const b = <i32>load<u8>(q);
    if (b == LF) count++;
    else if (b == CR && !(q + 1 < end && <i32>load<u8>(q + 1) == LF)) count++;
  }
  return count;
}
