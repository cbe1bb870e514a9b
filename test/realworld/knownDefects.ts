// The profiler's known defects on the real-world corpus, by issue 13's defect number. This file
// owns the list: a field listed here is asserted to still disagree with expectations.json
// (`it.fails`), so CI stays green until a fix lands and then says which entry to delete.
// Where two defects hit the same field, both are named; the first one makes it fail today.

import type { Field } from './compare.js';

/** Issue 13's defects, in its order. */
export const DEFECTS = {
  1: 'silent row loss from a stray quote',
  2: 'comment lines',
  3: 'a preamble before the header',
  4: 'headers made of numbers',
  5: 'datetimes only in ISO form',
  6: 'two-digit years',
  7: 'encoding fallback is all or nothing from the first bad byte',
  8: 'a single NUL byte rejects the whole file',
  9: "quoted header names when the quote is '",
  10: 'corrupt gzip reads as NOT_TEXT',
  11: 'a null token that is data',
} as const;
export type Defect = keyof typeof DEFECTS;

/** `'*'`: every stated field (the profiler throws where it must not). */
export type KnownDefects = Record<string, Partial<Record<Field | '*', Defect | Defect[]>>>;

export const KNOWN_DEFECTS: KnownDefects = {};

/** The defects known to hit `field` of `file`, or an empty list. */
export function knownDefectsOf(file: string, field: Field): Defect[] {
  const entry = KNOWN_DEFECTS[file];
  const hit = entry?.[field] ?? entry?.['*'];
  if (hit === undefined) return [];
  return Array.isArray(hit) ? hit : [hit];
}

/** Reproductions (reproductions.ts, by id) that still fail today, with their defect. */
export const KNOWN_FAILING_REPRODUCTIONS: Record<string, Defect> = {};
