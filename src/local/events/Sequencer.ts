/**
 * Issues S3-like event sequencers: fixed-width (18) upper-case hex strings that increase
 * strictly, also across restarts (they start from the wall clock in nanoseconds), so string
 * comparison orders events of the same key as S3 documents.
 */
export class Sequencer {
  #last = 0n;

  /** The next sequencer. */
  next(): string {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last.toString(16).toUpperCase().padStart(18, '0');
  }
}
