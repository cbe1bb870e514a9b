import { describe, expect, it } from 'vitest';
import { FileTooLargeError, ProcessingTimeoutError } from '../../src/pipeline/errors.js';
import { limitStream } from '../../src/pipeline/limitStream.js';

async function* chunks(sizes: number[], delayMs = 0): AsyncGenerator<Uint8Array> {
  for (const size of sizes) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield new Uint8Array(size);
  }
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of source) total += chunk.byteLength;
  return total;
}

describe('limitStream', () => {
  it('returns every chunk when the source stays within the limit', async () => {
    // Act
    const total = await drain(
      limitStream(chunks([3, 4, 5]), { maxBytes: 12, signal: new AbortController().signal }),
    );

    // Assess
    expect(total).toBe(12);
  });

  it('throws FileTooLargeError once the byte count passes the limit and releases the source', async () => {
    // Prepare
    let destroyed = false;

    // Act
    const act = drain(
      limitStream(chunks([5, 5, 5, 5]), {
        maxBytes: 12,
        signal: new AbortController().signal,
        destroy: () => {
          destroyed = true;
        },
      }),
    );

    // Assess
    await expect(act).rejects.toBeInstanceOf(FileTooLargeError);
    expect(destroyed).toBe(true);
  });

  it('throws the abort reason when the signal aborts while the source stalls', async () => {
    // Prepare
    const controller = new AbortController();
    const stalled: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => {}) }),
    };
    setTimeout(() => controller.abort(new ProcessingTimeoutError('late')), 20);

    // Act
    const act = drain(limitStream(stalled, { maxBytes: 10, signal: controller.signal }));

    // Assess
    await expect(act).rejects.toBeInstanceOf(ProcessingTimeoutError);
  });

  it('throws at once when the signal is already aborted', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort(new ProcessingTimeoutError('no time'));

    // Act
    const act = drain(limitStream(chunks([1]), { maxBytes: 10, signal: controller.signal }));

    // Assess
    await expect(act).rejects.toThrow('no time');
  });

  it('returns the running byte count through onBytes', async () => {
    // Prepare
    const seen: number[] = [];

    // Act
    await drain(
      limitStream(chunks([2, 3], 1), {
        maxBytes: 100,
        signal: new AbortController().signal,
        onBytes: (total) => seen.push(total),
      }),
    );

    // Assess
    expect(seen).toEqual([2, 5]);
  });
});
