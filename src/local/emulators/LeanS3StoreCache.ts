/** Limits of the body cache. */
export interface LeanS3StoreCacheLimits {
  /** Largest body kept, in bytes. */
  maxEntryBytes: number;
  /** Total bytes kept; the least recently used bodies go first. */
  maxTotalBytes: number;
}

/**
 * LRU cache of object bodies by body file id. Body files are immutable (an overwrite writes a
 * new file), so an entry never goes stale; it is dropped when its file is released.
 */
export class LeanS3StoreCache {
  readonly #limits: LeanS3StoreCacheLimits;
  readonly #entries = new Map<string, Buffer>();
  #totalBytes = 0;

  constructor(limits: LeanS3StoreCacheLimits) {
    this.#limits = limits;
  }

  /** Bytes held. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Whether a body of this size would be kept. */
  accepts(size: number): boolean {
    return size <= this.#limits.maxEntryBytes && size <= this.#limits.maxTotalBytes;
  }

  /** The body of a file, marking it most recently used. */
  get(id: string): Buffer | undefined {
    const body = this.#entries.get(id);
    if (body !== undefined) {
      this.#entries.delete(id);
      this.#entries.set(id, body);
    }
    return body;
  }

  /** Keeps a body if it fits, evicting the least recently used ones. */
  set(id: string, body: Buffer): void {
    if (!this.accepts(body.length)) return;
    this.delete(id);
    this.#entries.set(id, body);
    this.#totalBytes += body.length;
    for (const [oldId, old] of this.#entries) {
      if (this.#totalBytes <= this.#limits.maxTotalBytes) break;
      this.#entries.delete(oldId);
      this.#totalBytes -= old.length;
    }
  }

  /** Drops the body of a file. */
  delete(id: string): void {
    const body = this.#entries.get(id);
    if (body === undefined) return;
    this.#entries.delete(id);
    this.#totalBytes -= body.length;
  }

  /** Drops everything. */
  clear(): void {
    this.#entries.clear();
    this.#totalBytes = 0;
  }
}
