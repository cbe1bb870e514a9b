import { expect } from 'vitest';

/**
 * Equal, numbers that are not integers to 1e-9 relative (sums and moments add in another
 * order across pieces; the merge of moments is exact only to rounding).
 */
export function expectClose(actual: unknown, expected: unknown, path = ''): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) {
      expect(actual, path).toBe(expected);
    } else {
      const scale = Math.max(1, Math.abs(expected));
      expect(Math.abs(actual - expected) / scale, path).toBeLessThan(1e-9);
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    expect(actual.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose(actual[i], e, `${path}[${i}]`);
    });
    return;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null) {
    expect(Object.keys(actual as object), `${path} keys`).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}
