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
  const encoded = [...new Set(nullTokens)].map((t) => Buffer.from(t, 'utf8'));
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
