/**
 * Issues S3-like event sequencers: fixed-width (18) upper-case hex strings that increase
 * strictly, so string comparison orders events of the same key as S3 documents. They start from
 * the wall clock in nanoseconds and from `after` (the last one issued before a restart, which the
 * event outbox keeps), so they keep increasing across restarts even if the clock went back.
 */
export class Sequencer {
  #last: bigint;

  constructor(after?: string) {
    this.#last = after !== undefined && /^[0-9A-Fa-f]+$/.test(after) ? BigInt(`0x${after}`) : 0n;
  }

  /** The next sequencer. */
  next(): string {
    const now = BigInt(Date.now()) * 1_000_000n;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last.toString(16).toUpperCase().padStart(18, '0');
  }
}
