import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda } from '../../src/build/lambdaBundle.js';
import {
  compareResults,
  EXPERIMENT_IDS,
  LocalTarget,
  type Results,
  renderHtml,
  renderMarkdown,
  runIngestTest,
  runSuite,
} from '../../src/experiments/index.js';
import { CHROMIUM, chromiumMissing, launchChromium } from '../helpers/chromium.js';

const REPO = resolve(import.meta.dirname, '../..');

let work: string;
let bundlePath: string;
let results: Results;
let second: Results;
let html: string;
const timings: Record<string, number> = {};

async function validator() {
  const schema = JSON.parse(
    await readFile(join(REPO, 'schema/results.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  return { ajv, validate: ajv.compile(schema) };
}

beforeAll(async () => {
  // Prepare: the real Lambda bundle, built into a temporary dist.
  work = await mkdtemp(join(tmpdir(), 'experiments-suite-'));
  await buildLambda({ outDir: join(work, 'dist') });
  bundlePath = join(work, 'dist/lambda/index.mjs');
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ingest test on the local target', () => {
  it('returns a passing result with every stage timing', async () => {
    // Prepare
    const target = await LocalTarget.start({ bundlePath });
    try {
      // Act
      const result = await runIngestTest(target);

      // Assess
      expect(result.checks.filter((check) => !check.ok)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.fileName).toMatch(/^ingest-test\/\d{8}T\d{6}Z-[0-9a-f]{6}\.csv$/);
      for (const value of Object.values(result.timings)) {
        expect(value).toBeTypeOf('number');
        expect(value).toBeGreaterThanOrEqual(0);
      }
    } finally {
      await target.close();
    }
  });
});

describe('runSuite', () => {
  it('runs every experiment at quick scale on local and the results match the schema', async () => {
    // Prepare
    const target = await LocalTarget.start({ bundlePath });
    const started = performance.now();
    try {
      // Act
      results = await runSuite(target, { experiments: [...EXPERIMENT_IDS], scale: 'quick' });
    } finally {
      await target.close();
    }
    timings.suite = performance.now() - started;
    const { ajv, validate } = await validator();

    // Assess
    expect(validate(results), ajv.errorsText(validate.errors)).toBe(true);
    for (const id of EXPERIMENT_IDS) {
      expect(results.experiments[id]?.status, `${id}: ${results.experiments[id]?.error}`).toBe(
        'completed',
      );
    }
    const b = results.experiments.B!;
    expect(b.samples).toHaveLength(10);
    expect(b.summary.success_rate).toBe(1);
    const d = results.experiments.D!;
    expect(d.samples.filter((s) => !s.ok)).toEqual([]);
    const c = results.experiments.C!;
    expect(
      c.samples.filter((s) => s.kind === 'cold').every((s) => s.init_duration_ms !== null),
    ).toBe(true);
    expect(
      c.samples.filter((s) => s.kind === 'warm').every((s) => s.init_duration_ms === null),
    ).toBe(true);
    expect(results.experiments.F!.samples.map((s) => s.rows)).toEqual([100, 1_000, 10_000]);
    expect(results.experiments.F!.samples.every((s) => typeof s.max_memory_mb === 'number')).toBe(
      true,
    );
    expect(results.experiments.G!.samples.map((s) => s.ok)).toEqual([1, 5, 10, 20]);
    expect(results.experiments.H!.summary.verdict).toBe('not_enforced');
    // I: the same upload in 1, 2 and 4 pieces, each item saying how many it took.
    const i = results.experiments.I!;
    expect(i.samples.map((s) => [s.pieces, s.split_pieces, s.ok])).toEqual([
      [1, 1, true],
      [2, 2, true],
      [4, 4, true],
    ]);
    expect(results.environment).toMatchObject({ target: 'local', scale: 'quick', memory_mb: 512 });
    expect(results.environment.processor_version).toBeTypeOf('string');
    // Everything the suite uploaded is gone.
    console.info(
      `quick suite on local: ${(timings.suite / 1000).toFixed(1)} s; B visible p50 ${(b.summary.visible_ms as { median: number }).median} ms, p95 ${(b.summary.visible_ms as { p95: number }).p95} ms; G peak ${results.experiments.G!.summary.peak_processed_files_per_s} files/s`,
    );
  }, 150_000);

  it('rejects results that break the schema', async () => {
    // Prepare
    const { validate } = await validator();
    const broken = structuredClone(results) as unknown as {
      experiments: { B: { samples: Array<Record<string, unknown>> } };
    };
    broken.experiments.B.samples[0]!.visible_ms = 'fast';

    // Act
    const valid = validate(broken);

    // Assess
    expect(valid).toBe(false);
  });
});

describe('experiments compare', () => {
  beforeAll(async () => {
    // A second local run (only B, C, G), so the report compares two result sets.
    const target = await LocalTarget.start({ bundlePath, concurrency: 5 });
    try {
      second = await runSuite(target, {
        experiments: ['B', 'C', 'D', 'F', 'G', 'H'],
        scale: 'quick',
      });
    } finally {
      await target.close();
    }
    html = renderHtml(compareResults([results, second]));
  }, 120_000);

  it('returns the same Markdown for the same inputs (seeded bootstrap)', () => {
    // Act
    const first = renderMarkdown(compareResults([results, second]));
    const again = renderMarkdown(compareResults([results, second]));

    // Assess
    expect(first).toBe(again);
    expect(first).toMatch(/## B\. End-to-end timing/);
    expect(first).toMatch(/\*\*Verdict:\*\* upload-to-visible: local#2 /);
    expect(first).toMatch(/targets agree on 10\/10 cases run on more than one target/);
    expect(first).toMatch(/## I\. Fan-out scaling/);
    expect(first).toMatch(/\| pieces \| local \| local#2 \|/);
  });

  it('returns self-contained HTML with an SVG chart per figure', () => {
    // Assess
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
  });

  const browserMissing = chromiumMissing;
  if (browserMissing)
    console.warn(`skipping the browser test: ${CHROMIUM} is missing and CI is unset`);

  it.skipIf(browserMissing)(
    'renders in headless Chromium without console errors or empty charts',
    async () => {
      // Prepare
      const file = join(work, 'report.html');
      await writeFile(file, html);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
        const errors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (error) => errors.push(error.message));
        const requests: string[] = [];
        page.on('request', (request) => requests.push(request.url()));

        // Act
        await page.goto(`file://${file}`);
        const charts = await page.$$eval('svg', (svgs) =>
          svgs.map((svg) => ({
            label: svg.getAttribute('aria-label') ?? '',
            marks: svg.querySelectorAll('path, rect').length,
            width: svg.getBoundingClientRect().width,
          })),
        );
        // The README's screenshot is refreshed only on request (UPDATE_SCREENSHOT=1), so a test
        // run never rewrites a tracked file; otherwise the shot goes to the temp folder.
        const shot =
          process.env.UPDATE_SCREENSHOT === '1'
            ? join(REPO, 'docs/report.png')
            : join(tmpdir(), `report-${process.pid}.png`);
        await mkdir(dirname(shot), { recursive: true });
        await page.locator('#exp-B').screenshot({ path: shot });

        // Assess
        expect(errors).toEqual([]);
        expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
        expect(charts.length).toBeGreaterThanOrEqual(5);
        for (const chart of charts) {
          expect(chart.marks, chart.label).toBeGreaterThan(0);
          expect(chart.width, chart.label).toBeGreaterThan(100);
        }
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
