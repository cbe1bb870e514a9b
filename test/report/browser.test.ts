import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFile } from '../../src/files/index.js';
import { isProfileError, profileBytes, type Summary } from '../../src/profile/index.js';
import { displayText, renderProfileReport, reportBudgetBytes } from '../../src/report/index.js';
import { CHROMIUM, chromiumMissing, launchChromium } from '../helpers/chromium.js';
import { twelveColumnCsv, wideCsv, XSS, xssCsv } from './fixtures.js';

const REPO = resolve(import.meta.dirname, '../..');
const encode = (text: string) => new TextEncoder().encode(text);

const browserMissing = chromiumMissing;
if (browserMissing) console.warn(`skipping the report browser tests: ${CHROMIUM} is missing`);

let browser: Browser;
let work: string;
let twelve: Summary;
let wide: Summary;

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

/** Writes `html` to a file and opens it; collects console errors, requests and dialogs. */
async function open(
  html: string,
  name: string,
  options: { colorScheme?: 'light' | 'dark'; height?: number } = {},
): Promise<Opened> {
  const file = join(work, `${name}.html`);
  await writeFile(file, html);
  const page = await browser.newPage({
    viewport: { width: 1100, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const opened: Opened = { page, errors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') opened.errors.push(m.text());
  });
  page.on('pageerror', (e) => opened.errors.push(e.message));
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 }).catch(() => {
    throw new Error(`the report's script did not finish: ${opened.errors.join('; ')}`);
  });
  return opened;
}

/** Opens every card and brings each into view, so the lazy renderer draws its body. */
async function renderAllCards(page: Page): Promise<number> {
  await page.click('#expand');
  const cards = page.locator('details.col');
  const n = await cards.count();
  for (let i = 0; i < n; i++) await cards.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (count) => document.querySelectorAll('details.col[data-r]').length === count,
    n,
  );
  return n;
}

/**
 * Load timings of the current page, from the Navigation and Paint Timing entries, in ms. The
 * first contentful paint is waited for (at most 5 s): on a loaded machine it comes after load.
 */
function timings(page: Page) {
  return page.evaluate(async () => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const paint = await new Promise<PerformanceEntry | undefined>((resolve) => {
      const observer = new PerformanceObserver((list) => {
        const entry = list.getEntriesByName('first-contentful-paint')[0];
        if (entry) resolve(entry);
      });
      observer.observe({ type: 'paint', buffered: true });
      setTimeout(() => resolve(undefined), 5000);
    });
    const ready = performance.getEntriesByName('report-ready')[0];
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      firstContentfulPaint: paint?.startTime ?? Number.NaN,
      scriptReady: ready?.startTime ?? Number.NaN,
    };
  });
}

/** Waits two frames: cards use content-visibility:auto, so newly shown ones paint a frame later. */
const settle = (page: Page) =>
  page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The page's own screenshot goes to docs/ only on request (UPDATE_SCREENSHOT=1). */
const shotPath = (name: string) =>
  process.env.UPDATE_SCREENSHOT === '1'
    ? join(REPO, 'docs', `report-${name}.png`)
    : join(work, `report-${name}.png`);

beforeAll(async () => {
  if (browserMissing) return;
  work = await mkdtemp(join(tmpdir(), 'report-browser-'));
  twelve = await profileTwelve();
  wide = profileBytes(encode(wideCsv(3_000, 120)), { fileName: 'wide_3000.csv' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The 12-column file, written to disk and profiled by `profileFile` like any other file. */
async function profileTwelve(): Promise<Summary> {
  const file = join(work, 'orders_12.csv');
  await writeFile(file, twelveColumnCsv());
  return profileFile(file, { fileName: 'orders_12.csv' });
}

describe.skipIf(browserMissing)('profile report in headless Chromium', () => {
  it('renders every test-data file and the 12-column file with no console errors', async () => {
    // Prepare: every CSV in test-data/ that profiles, the 12-column file, and a file with a
    // header and no rows (every column empty).
    const headerOnly = profileBytes(encode('id,name\n'), { fileName: 'header_only.csv' });
    const summaries: Summary[] = [twelve, headerOnly];
    for (const name of (await readdir(join(REPO, 'test-data'))).filter((f) => f.endsWith('.csv'))) {
      try {
        summaries.push(await profileFile(join(REPO, 'test-data', name), { fileName: name }));
      } catch (error) {
        expect(isProfileError(error), name).toBe(true);
      }
    }
    expect(summaries.length).toBeGreaterThanOrEqual(6);

    for (const summary of summaries) {
      // Act
      const { page, errors, requests } = await open(
        renderProfileReport(summary, { sizeBytes: summary.dataset.bytes, durationMs: 10 }),
        `real-${summary.file_name}`,
      );
      const rendered = await renderAllCards(page);
      const cards = await page.$$eval('details.col', (all) =>
        all.map((card) => ({
          facts: card.querySelectorAll('table.facts tr').length,
          caption: card.querySelector('table.facts caption')?.textContent ?? '',
          bars: card.querySelectorAll('svg.hist rect').length,
          label: card.querySelector('svg.hist')?.getAttribute('aria-label') ?? null,
          top: card.querySelectorAll('table.top tbody tr').length,
        })),
      );
      const warnings = await page.locator('details.sev-group[data-s="1"] tbody tr').count();
      await page.close();

      // Assess
      const label = summary.file_name ?? '';
      expect(errors, label).toEqual([]);
      expect(
        requests.filter((url) => !url.startsWith('file://')),
        label,
      ).toEqual([]);
      expect(rendered, label).toBe(summary.columns.length);
      summary.columns.forEach((column, i) => {
        const card = cards[i]!;
        expect(card.caption, label).toBe(`Profile of ${column.name}`);
        expect(card.facts, label).toBeGreaterThanOrEqual(5);
        expect(card.bars, `${label} ${column.name}`).toBe(column.numeric?.histogram.length ?? 0);
        if (column.numeric) expect(card.label).toMatch(/^Histogram of /);
        expect(card.top, `${label} ${column.name}`).toBe(column.top.length);
      });
      const warningCount = summary.quality_issues.issues.filter(
        (issue) => issue.severity === 'warning',
      ).length;
      expect(warnings, label).toBe(warningCount);
    }
  }, 120_000);

  it.each([
    ['with its policy', true],
    ['with its policy removed: escaping alone keeps it inert', false],
  ])(
    'keeps a file full of markup inert %s',
    async (_, withPolicy) => {
      // Prepare: a real profile of a CSV whose names and values are payloads, and a file name and
      // source that are payloads too.
      const summary = profileBytes(encode(xssCsv()), { fileName: `${XSS.img}\u0000.csv` });
      let html = renderProfileReport(summary, { source: XSS.close, generatedAt: XSS.svg });
      if (!withPolicy) {
        html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
        expect(html).not.toContain('Content-Security-Policy');
      }

      // Act: open everything there is to open, point at the strip, follow a column link.
      const { page, errors, dialogs } = await open(html, `xss-${withPolicy}`);
      await renderAllCards(page);
      for (const group of await page.locator('details.sev-group').all()) {
        if (!(await group.evaluate((d) => (d as HTMLDetailsElement).open))) {
          await group.locator('summary').click();
        }
      }
      const strip = await page.locator('#strip').boundingBox();
      for (let x = 1; x < (strip?.width ?? 0); x += 40) {
        await page.mouse.move((strip?.x ?? 0) + x, (strip?.y ?? 0) + 20);
      }
      await page.locator('a.cl').first().click();
      const seen = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        scripts: document.scripts.length,
        images: document.images.length,
        foreign: document.querySelectorAll('img, iframe, object, embed, svg[onload], [onerror]')
          .length,
        names: Array.from(document.querySelectorAll('.cn'), (e) => e.textContent),
        title: document.title,
        top: Array.from(document.querySelectorAll('table.top tbody th'), (e) => e.textContent),
        links: Array.from(document.querySelectorAll('a'), (a) => a.getAttribute('href')),
      }));
      await page.close();

      // Assess
      expect(dialogs).toEqual([]);
      expect(seen.pwned).toBeNull();
      expect(errors).toEqual([]);
      expect(seen.scripts).toBe(2);
      expect(seen.images).toBe(0);
      expect(seen.foreign).toBe(0);
      expect(seen.names).toEqual(summary.columns.map((c) => displayText(c.name, 120)));
      expect(seen.title).toBe(`Profile of ${displayText(summary.file_name!, 80)}`);
      for (const payload of Object.values(XSS))
        expect(seen.top).toContain(displayText(payload, 120));
      for (const href of seen.links) expect(href).toMatch(/^#c\d+$/);
    },
    60_000,
  );

  it('enforces Trusted Types, so no string reaches an HTML sink', async () => {
    // Prepare
    const { page, errors } = await open(renderProfileReport(twelve), 'trusted-types');
    await renderAllCards(page);
    expect(errors).toEqual([]);

    // Act
    const result = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return 'assigned';
      } catch (error) {
        return String(error);
      }
    });
    await page.close();

    // Assess: the page's own script rendered every card under the same enforcement.
    expect(result).toMatch(/TypeError.*TrustedHTML/);
  });

  it('blocks scripts, inline handlers and loads of markup that got in anyway', async () => {
    // Prepare: markup a missed escape would let in, put into the page's body by hand.
    const injected = renderProfileReport(twelve).replace(
      '<main>',
      '<main><img src="http://127.0.0.1:9/pixel.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>',
    );
    const file = join(work, 'policy.html');
    await writeFile(file, injected);
    const page = await browser.newPage();
    const finished: string[] = [];
    const failed: string[] = [];
    page.on('requestfinished', (r) => finished.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    // Registered before the page parses (an init script is not subject to the page's policy).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { __violations?: Promise<string[]> }).__violations = new Promise((done) => {
        document.addEventListener('securitypolicyviolation', (e) => {
          seen.push(e.effectiveDirective);
          const want = ['img-src', 'script-src-elem', 'script-src-attr'];
          if (want.every((d) => seen.includes(d))) done(seen);
        });
      });
    });

    // Act
    await page.goto(`file://${file}`);
    const violations = await page.evaluate(
      () => (window as { __violations?: Promise<string[]> }).__violations,
    );
    const pwned = await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null);
    const ready = await page.evaluate(() => document.documentElement.dataset.ready ?? null);
    await page.close();

    // Assess: nothing injected ran or loaded; the report's own script still did.
    expect(violations).toEqual(
      expect.arrayContaining(['img-src', 'script-src-elem', 'script-src-attr']),
    );
    expect(pwned).toBeNull();
    expect(ready).toBe('1');
    // Chromium reports the image request, then fails it with "csp" before any network access.
    expect(finished.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(failed).toEqual(['http://127.0.0.1:9/pixel.png csp']);
  });

  it('opens and renders every card when printed', async () => {
    // Prepare
    const { page, errors } = await open(renderProfileReport(twelve), 'print');

    // Act: printing to PDF fires beforeprint, as a user's print does.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    const state = await page.$$eval('details.col', (all) =>
      all.map((d) => (d as HTMLDetailsElement).open && d.hasAttribute('data-r')),
    );
    await page.close();

    // Assess
    expect(errors).toEqual([]);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(state).toEqual(twelve.columns.map(() => true));
  });

  it('keeps a 3,000-column report within budget, searchable by keyboard and lazy', async () => {
    // Prepare
    const html = renderProfileReport(wide, { sizeBytes: wide.dataset.bytes });
    const { page, errors, requests } = await open(html, 'wide');

    // Act 1: type a search by keyboard, then Tab to the first card and open it with Enter.
    await page.focus('#q');
    await page.keyboard.type('channel_004');
    const status = await page.locator('#shown').textContent();
    const visible = await page.locator('details.col:not([hidden])').count();
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'SUMMARY'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.tagName ?? '');
    }
    await page.keyboard.press('Enter');
    await page.waitForSelector('details.col[data-r] table.facts');
    const openedName = await page.locator('details.col[open] .cn').first().textContent();

    // Act 2: filter by type, then expand everything shown: only cards near the viewport render.
    await page.fill('#q', '');
    await page.selectOption('#type', 'boolean');
    const booleans = await page.locator('details.col:not([hidden])').count();
    await page.selectOption('#type', '');
    await page.click('#expand');
    await page.waitForFunction(() => document.querySelectorAll('details.col[data-r]').length > 5);
    const rendered = await page.locator('details.col[data-r]').count();
    await page.close();

    // Assess
    const expected = wide.columns.filter((c) => c.name.includes('channel_004')).length;
    expect(expected).toBe(100);
    expect(visible).toBe(expected);
    expect(status).toBe(`Showing ${expected} of 3,000 columns`);
    expect(focused).toBe('SUMMARY');
    expect(openedName).toContain('channel_004');
    expect(booleans).toBe(wide.columns.filter((c) => c.type === 'boolean').length);
    expect(booleans).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(300);
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(reportBudgetBytes(3_000));
  }, 60_000);

  it('measures size and load time of the 12- and 3,000-column reports', async () => {
    const rows: string[] = [];
    for (const [label, summary] of [
      ['12 columns', twelve],
      ['3,000 columns', wide],
    ] as const) {
      // Prepare
      const html = renderProfileReport(summary);
      const runs: Array<Awaited<ReturnType<typeof timings>>> = [];

      // Act: five fresh pages each; the first warms the browser and is dropped.
      for (let i = 0; i < 6; i++) {
        const { page, errors } = await open(html, `measure-${summary.column_count}`);
        const t = await timings(page);
        await page.close();
        expect(errors).toEqual([]);
        if (i > 0) runs.push(t);
      }

      // Assess: the numbers exist and are ordered as load events are.
      const m = (k: keyof (typeof runs)[number]) => median(runs.map((r) => r[k]));
      expect(m('domContentLoaded')).toBeGreaterThan(0);
      expect(m('load')).toBeGreaterThanOrEqual(m('domContentLoaded'));
      expect(m('firstContentfulPaint')).toBeGreaterThan(0);
      const size = Buffer.byteLength(html);
      const summaryBytes = Buffer.byteLength(JSON.stringify(summary));
      rows.push(
        `${label}: report ${size} B (budget ${reportBudgetBytes(summary.column_count)} B, summary JSON ${summaryBytes} B); median of 5: DOMContentLoaded ${m('domContentLoaded').toFixed(0)} ms, load ${m('load').toFixed(0)} ms, first contentful paint ${m('firstContentfulPaint').toFixed(0)} ms, script ready ${m('scriptReady').toFixed(0)} ms`,
      );
    }
    console.log(`report measurements (Chromium ${browser.version()}):\n${rows.join('\n')}`);
  }, 120_000);

  it('takes the screenshots shown in the docs', async () => {
    // Light: the top of the 12-column report.
    const light = await open(renderProfileReport(twelve, { durationMs: 287 }), 'shot-light', {
      height: 1500,
    });
    await settle(light.page);
    await light.page.screenshot({ path: shotPath('light') });
    // Dark: an opened numeric card.
    const dark = await open(renderProfileReport(twelve), 'shot-dark', { colorScheme: 'dark' });
    const age = twelve.columns.findIndex((c) => c.name === 'age');
    await dark.page.locator(`#c${age} > summary`).click();
    await dark.page.waitForSelector(`#c${age}[data-r] svg.hist`);
    await dark.page.evaluate((i) => document.getElementById(`c${i}`)?.scrollIntoView(), age);
    await settle(dark.page);
    await dark.page.screenshot({ path: shotPath('dark') });
    // Wide: 3,000 columns filtered by a search.
    const wideOpen = await open(renderProfileReport(wide), 'shot-wide');
    await wideOpen.page.evaluate(() => document.getElementById('h-strip')?.scrollIntoView());
    await wideOpen.page.fill('#q', 'float_channel_001');
    await settle(wideOpen.page);
    await wideOpen.page.screenshot({ path: shotPath('wide') });
    const errors = [...light.errors, ...dark.errors, ...wideOpen.errors];
    for (const o of [light, dark, wideOpen]) await o.page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
