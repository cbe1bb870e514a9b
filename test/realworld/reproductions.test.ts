import { describe, expect, it } from 'vitest';
import { isProfileError, profileBytes } from '../../src/profile/index.js';
import type { Summary } from '../../src/profile/types.js';
import { DEFECTS, KNOWN_FAILING_REPRODUCTIONS } from './knownDefects.js';
import { REPRODUCTIONS, type ReproductionExpectation } from './reproductions.js';

// Issue 13's minimal reproductions (reproductions.ts). A case listed in
// KNOWN_FAILING_REPRODUCTIONS is asserted to still fail (it.fails); delete its entry with the fix.

/** What the profile shows for the keys `want` states. */
function observe(input: Uint8Array, want: ReproductionExpectation): Record<string, unknown> {
  let summary: Summary;
  try {
    summary = profileBytes(input);
  } catch (error) {
    if (isProfileError(error)) return { error: error.code };
    throw error;
  }
  const col = (name: string) => summary.columns.find((c) => c.name === name);
  const perColumn = <T>(keys: Record<string, unknown> | undefined, f: (name: string) => T) =>
    keys === undefined ? undefined : Object.fromEntries(Object.keys(keys).map((k) => [k, f(k)]));
  const codes = new Set(summary.quality_issues.issues.map((i) => i.code as string));
  const seen: Record<string, unknown> = {
    error: null,
    rows: summary.row_count,
    columns: summary.column_count,
    header: summary.dialect.header,
    quote: summary.dialect.quote,
    names: summary.columns.map((c) => c.name),
    types: summary.columns.map((c) => c.type),
    issues: want.issues?.filter((code) => codes.has(code)),
    missing: perColumn(want.missing, (k) => col(k)?.missing),
    distinct: perColumn(want.distinct, (k) => col(k)?.distinct),
    // Compared as a prefix: the expectation states as much of the timestamp as the case fixes.
    dateMin: perColumn(want.dateMin, (k) => col(k)?.date?.min.slice(0, want.dateMin![k]!.length)),
  };
  return Object.fromEntries(Object.keys(want).map((k) => [k, seen[k]]));
}

describe('issue 13 reproductions', () => {
  it('marks only cases that are not guards as known-failing, each with its defect', () => {
    // A fixed defect's cases leave the list; a guard never enters it.
    const cases = REPRODUCTIONS.filter((r) => !r.guard).map((r) => r.id);

    for (const id of Object.keys(KNOWN_FAILING_REPRODUCTIONS)) expect(cases).toContain(id);
    for (const r of REPRODUCTIONS.filter((x) => x.id in KNOWN_FAILING_REPRODUCTIONS)) {
      expect(KNOWN_FAILING_REPRODUCTIONS[r.id], r.id).toBe(r.defect);
    }
  });

  it('reproduces each of the 11 defects', () => {
    const defects = new Set(REPRODUCTIONS.filter((r) => !r.guard).map((r) => r.defect));

    expect([...defects].sort((a, b) => a - b)).toEqual(Object.keys(DEFECTS).map(Number));
  });

  for (const r of REPRODUCTIONS) {
    const known = KNOWN_FAILING_REPRODUCTIONS[r.id];
    const title =
      known === undefined
        ? `${r.id}: ${r.title}`
        : `${r.id}: still fails, defect ${known} (${DEFECTS[known]}): ${r.title}`;
    (known === undefined ? it : it.fails)(title, () => {
      // Act
      const seen = observe(r.input, r.expect);

      // Assess
      expect(seen).toEqual(r.expect);
    });
  }
});
