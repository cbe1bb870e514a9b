import type { KernelMemory } from './Kernel.js';

/**
 * Sets the kernel classifier's options in `memory` (its instance's classifier serves every
 * later `classifyCells` call): the null tokens, written as `len:u8 bytes` records into a region
 * of the memory that the kernel keeps reading, and the decimal separator.
 */
export function configureClassifier(
  memory: KernelMemory,
  nullTokens: readonly string[],
  decimalComma: boolean,
): void {
  const encoded = classifierTokens(nullTokens).map((t) => Buffer.from(t, 'utf8'));
  const size = encoded.reduce((sum, t) => sum + 1 + t.length, 0);
  const at = memory.alloc(size);
  const bytes = new Uint8Array(memory.buffer);
  let o = at;
  for (const token of encoded) {
    if (token.length > 255) throw new RangeError('A null token must be at most 255 bytes long');
    bytes[o++] = token.length;
    bytes.set(token, o);
    o += token.length;
  }
  memory.kernel.configureClassifier(at, o, decimalComma);
}

/** The null tokens as the kernel holds them: without repeats, in their order (bit k: the k-th). */
export function classifierTokens(nullTokens: readonly string[]): string[] {
  return [...new Set(nullTokens)];
}

/** The kernel's mask (see setValueTokens) of the null tokens `values` among `nullTokens`. */
export function valueTokenMask(nullTokens: readonly string[], values: readonly string[]): number {
  const tokens = classifierTokens(nullTokens);
  let mask = 0;
  for (const v of values) {
    const k = tokens.indexOf(v);
    if (k >= 0 && k < 31) mask |= 1 << k;
  }
  return mask;
}
