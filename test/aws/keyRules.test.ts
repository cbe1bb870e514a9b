import { describe, expect, it } from 'vitest';
import {
  KEY_RULES,
  keyRuleProblems,
  matchingSuffix,
  suffixesOverlap,
} from '../../src/aws/keyRules.js';

describe('KEY_RULES', () => {
  it('returns the rules of keyRules.json, which break none of their own rules', () => {
    // Assess
    expect(KEY_RULES.uploadPrefix).toBe('uploads/');
    expect(KEY_RULES.processedPrefix).toBe('processed/');
    expect(KEY_RULES.partsPrefix).toBe('parts/');
    expect(keyRuleProblems(KEY_RULES)).toEqual([]);
    for (const base of ['.csv', '.tsv', '.txt', '.csv.gz']) {
      expect(KEY_RULES.csvSuffixes).toContain(base);
      expect(KEY_RULES.csvSuffixes).toContain(base.toUpperCase());
    }
  });
});

describe('suffixesOverlap', () => {
  // The S3 user guide's own examples: jpg/pg overlap, .jpg/.png do not.
  it.each([
    ['jpg', 'pg', true],
    ['.jpg', '.png', false],
    ['.csv', '.csv.gz', false],
    ['.gz', '.csv.gz', true],
    ['.csv', '.CSV', false],
  ])('returns whether %s and %s overlap', (a, b, overlap) => {
    expect(suffixesOverlap(a, b)).toBe(overlap);
  });
});

describe('keyRuleProblems', () => {
  it.each([
    [{ csvSuffixes: ['.csv', '.CSV', '.gz', '.GZ', '.csv.gz', '.CSV.GZ'] }, 'overlap'],
    [{ csvSuffixes: ['.csv'] }, 'lacks its case variant .CSV'],
    [{ csvSuffixes: [] }, 'csvSuffixes is empty'],
    [{ csvSuffixes: ['csv', 'CSV'] }, 'is not ".ext"'],
    [{ processedPrefix: 'uploads/done/' }, 'overlap'],
    [{ uploadPrefix: 'uploads' }, 'folder prefix'],
    [{ partsPrefix: 'processed/parts/' }, 'processedPrefix and partsPrefix overlap'],
    [{ partsPrefix: 'parts' }, 'partsPrefix must be a folder prefix'],
  ])('returns a problem for %j', (change, problem) => {
    // Act
    const problems = keyRuleProblems({ ...KEY_RULES, ...change });

    // Assess
    expect(problems.join('; ')).toContain(problem);
  });
});

describe('matchingSuffix', () => {
  it.each([
    ['x.csv', '.csv'],
    ['x.CSV', '.CSV'],
    ['x.csv.gz', '.csv.gz'],
    ['x.CSV.GZ', '.CSV.GZ'],
    ['x.Csv', undefined],
    ['x.csv.GZ', undefined],
    ['x.gz', undefined],
  ])('returns the suffix S3 would match for %s', (key, suffix) => {
    expect(matchingSuffix(key)).toBe(suffix);
  });
});
