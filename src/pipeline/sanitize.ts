/** Magnitudes from here on are beyond DynamoDB's largest number (9.99…E+125). */
const TOO_LARGE = 1e126;
/** Smallest non-zero magnitude DynamoDB accepts for a number. */
const MIN_MAGNITUDE = 1e-130;

/** Value space that survives DynamoDB: no NaN/Infinity, no out-of-range numbers, no undefined. */
export type DynamoSafe =
  | string
  | number
  | boolean
  | null
  | DynamoSafe[]
  | { [key: string]: DynamoSafe };

/** A number DynamoDB accepts, or null (NaN, +-Infinity and magnitudes outside 1e-130..1e126). */
export function safeNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const magnitude = Math.abs(value);
  if (magnitude === 0) return 0;
  if (magnitude >= TOO_LARGE || magnitude < MIN_MAGNITUDE) return null;
  return value;
}

/**
 * Deep copy of a JSON-like value safe to marshal for DynamoDB: unsafe numbers become null,
 * undefined properties are dropped, empty map keys become `(blank)`.
 */
export function sanitize(value: unknown): DynamoSafe {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return safeNumber(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map((element) => sanitize(element));
  if (typeof value === 'object') {
    const out: { [key: string]: DynamoSafe } = {};
    for (const [key, entry] of Object.entries(value)) {
      if (entry === undefined) continue;
      out[key === '' ? '(blank)' : key] = sanitize(entry);
    }
    return out;
  }
  return null;
}
