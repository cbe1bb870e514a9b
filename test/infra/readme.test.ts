import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZIP_BUDGET_BYTES } from '../../src/build/lambdaBundle.js';
import { FUNCTION_VARIABLES } from '../../src/pipeline/functionEnvironment.js';
import { DEFAULT_QUANTILE_ALPHA } from '../../src/profile/sketch/index.js';

// Figures the README states that the code owns: a change to one fails here until the other
// follows.
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(
  /\s+/g,
  ' ',
);

describe('README', () => {
  it("returns the quantile sketch's relative error as the sketch's alpha", () => {
    // Act
    const stated = /DDSketch \(([\d.]+)% relative error/.exec(README)?.[1];

    // Assess
    expect(Number(stated) / 100).toBe(DEFAULT_QUANTILE_ALPHA);
  });

  it("returns the function's configuration as FUNCTION_ENVIRONMENT lists it", () => {
    // Act
    const list = /Configuration \(read once\): (.*?); endpoints/.exec(README)?.[1] ?? '';

    // Assess
    expect([...list.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1])).toEqual(FUNCTION_VARIABLES);
  });

  it("returns the Lambda zip's budget as the build enforces it, stated once", () => {
    // Act
    const budgets = [...README.matchAll(/budget of ([\d.]+) MiB/g)].map((m) => Number(m[1]));

    // Assess
    expect(budgets).toEqual([ZIP_BUDGET_BYTES / 1024 ** 2]);
    expect(README).not.toMatch(/zip \d+ KB/);
  });
});
