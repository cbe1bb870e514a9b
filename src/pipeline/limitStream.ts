import { FileTooLargeError } from './errors.js';

/** Limits applied while an object body streams into the profiler. */
export interface StreamLimits {
  /** More bytes than this fail with FILE_TOO_LARGE. */
  maxBytes: number;
  /** Aborting it (e.g. at the deadline) ends the stream with `signal.reason`. */
  signal: AbortSignal;
  /** Releases the underlying source at once (e.g. destroys the HTTP body). */
  destroy?: () => void;
  /** Receives the running byte count after each chunk. */
  onBytes?: (total: number) => void;
}

/**
 * Passes chunks through while enforcing a byte limit and an abort signal; a stalled source is
 * abandoned as soon as the signal aborts, and the source is released on any early exit.
 */
export async function* limitStream(
  source: AsyncIterable<Uint8Array>,
  limits: StreamLimits,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { maxBytes, signal, destroy, onBytes } = limits;
  const iterator = source[Symbol.asyncIterator]();
  let total = 0;
  let done = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      const result = await nextOrAbort(iterator, signal);
      if (result.done) {
        done = true;
        return;
      }
      total += result.value.byteLength;
      onBytes?.(total);
      if (total > maxBytes) {
        throw new FileTooLargeError(`object is larger than MAX_FILE_BYTES (${maxBytes} bytes)`);
      }
      yield result.value;
    }
  } finally {
    if (!done) {
      destroy?.();
      // Not awaited: a pending next() on a stalled source would hold return() back.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => {});
    }
  }
}

/**
 * The iterator's next result, or a rejection with `signal.reason` if the signal aborts first.
 * A fresh listener per call, removed once settled: racing every chunk against one long-lived
 * promise (`Promise.race`) would keep each settled chunk reachable until that promise settles.
 */
function nextOrAbort<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal,
): Promise<IteratorResult<T>> {
  return new Promise<IteratorResult<T>>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
