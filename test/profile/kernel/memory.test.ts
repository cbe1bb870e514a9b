import { describe, expect, it } from 'vitest';
import { profileBytes } from '../../../src/profile/index.js';
import { KernelMemory } from '../../../src/profile/kernel/Kernel.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('KernelMemory reuse', () => {
  it('returns a released memory zeroed with all its regions free', () => {
    // Prepare
    const memory = KernelMemory.acquire();
    const at = memory.alloc(4096);
    new Uint8Array(memory.buffer, at, 4096).fill(7);
    const generation = memory.generation;

    // Act
    memory.release();
    const again = KernelMemory.acquire();

    // Assess
    expect(again).toBe(memory);
    expect(again.generation).toBe(generation + 1);
    expect(again.alloc(4096)).toBe(at);
    expect(new Uint8Array(again.buffer, at, 4096).every((b) => b === 0)).toBe(true);
    again.release();
  });

  it('returns the same summary for a file whatever was profiled on the memory before', () => {
    // Prepare: a small file, then a wider one with quotes, numbers and duplicates, then the first.
    const small = utf8('a,b\n1,x\n2,y\n2,y\n');
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `${i % 97},"q,${i % 13}",${i * 0.5},z${i % 7}`,
    );
    const wide = utf8(`w,x,y,z\n${rows.join('\n')}\n`);

    // Act
    const first = profileBytes(small, { fileName: 's.csv' });
    profileBytes(wide, { fileName: 'w.csv' });
    const second = profileBytes(small, { fileName: 's.csv' });

    // Assess
    expect(second).toEqual(first);
    expect(first.dataset.duplicate_rows).toBe(1);
  });
});
