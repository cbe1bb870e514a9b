// HyperLogLog (p = 14) register updates, as src/profile/sketch/HyperLogLog.ts `add` does them.

/** Registers of a p = 14 HyperLogLog (one byte each). */
export { HLL_REGISTERS } from './layout/frequencyCodes';
/** Hash bits left after the register index (53-bit hashes). */
const RANK_BITS: i32 = 53 - 14;

/** HyperLogLog.add of a 53-bit hash into the registers at `regs`. */
// @ts-expect-error: decorator
@inline
export function hllAdd(regs: usize, bits: u64): void {
  const lo = <u32>bits;
  const hi = <u32>(bits >>> 32);
  let rank: i32;
  if (hi != 0) {
    rank = <i32>clz<u32>(hi) - 10;
  } else {
    const rest = lo >>> 14;
    rank = rest != 0 ? <i32>clz<u32>(rest) + 8 : RANK_BITS + 1;
  }
  const at = regs + <usize>(lo & 0x3fff);
  if (rank > <i32>load<u8>(at)) store<u8>(at, <u8>rank);
}
