import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLambda } from '../../src/build/lambdaBundle.js';
import { Dashboard } from '../../src/dashboard/index.js';
import { LocalPipeline } from '../../src/local/index.js';
import { displayText } from '../../src/report/index.js';
import { CHROMIUM, chromiumMissing, launchChromium } from '../helpers/chromium.js';
import { type FaultProxy, startFaultProxy } from '../pipeline/helpers/faultProxy.js';
import { XSS, xssCsv } from '../report/fixtures.js';

// Issue 16's proof for the live dashboard, in headless Chromium against the real pipeline: the
// Lambda bundle as it ships, s3rver and dynalite, the page served by the dashboard. The only fault
// is injected on the wire: a proxy in front of S3 that fails the function's GETs of "flaky" keys
// while `faulty` is set, so an upload ends in the on-failure queue and can be replayed.

const REPO = resolve(import.meta.dirname, '../..');
const BUCKET = 'csv-ingest-local';
/** Largest accepted screenshot in docs/. */
const SCREENSHOT_BUDGET = 300 * 1024;

const browserMissing = chromiumMissing;
if (browserMissing) console.warn(`skipping the dashboard browser tests: ${CHROMIUM} is missing`);

let work: string;
let dataDir: string;
let bundlePath: string;
let browser: Browser;
let proxy: FaultProxy;
let pipeline: LocalPipeline;
let dashboard: Dashboard;
let url: string;
let s3Endpoint = '';
let faulty = false;

interface Opened {
  page: Page;
  errors: string[];
}

/** Opens the dashboard, collecting console errors and warnings; resolves once its first state is drawn. */
async function openDashboard(options: { width?: number; height?: number } = {}): Promise<Opened> {
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('html[data-ready="1"]', { timeout: 10_000 });
  return { page, errors };
}

/** Resolves once the row of `name` shows `status` (any status when omitted). */
function rowShown(page: Page, name: string, status?: string) {
  return page.waitForFunction(
    ([n, s]) =>
      Array.from(document.querySelectorAll('#upload-rows tr')).some(
        (tr) =>
          tr.getAttribute('data-name') === n &&
          (s === null || tr.getAttribute('data-status') === s),
      ),
    [name, status ?? null] as const,
    { timeout: 20_000 },
  );
}

/** The cells of the row of `name`, as text. */
function rowCells(page: Page, name: string) {
  return page.evaluate((n) => {
    const tr = Array.from(document.querySelectorAll('#upload-rows tr')).find(
      (row) => row.getAttribute('data-name') === n,
    );
    if (!tr) return null;
    const cells = Array.from(tr.children, (cell) => cell.textContent ?? '');
    const links = Object.fromEntries(
      Array.from(tr.querySelectorAll('a'), (a) => [a.dataset.view, a.getAttribute('href')]),
    );
    return { cells, links };
  }, name);
}

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await pipeline.s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

async function get(key: string): Promise<Buffer> {
  const object = await pipeline.s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function exists(key: string): Promise<boolean> {
  try {
    await pipeline.s3Client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

async function startStack(): Promise<void> {
  pipeline = new LocalPipeline();
  dashboard = new Dashboard();
  const info = await pipeline.start({
    port: 0,
    dataDir,
    bundlePath,
    retryDelaysMs: [50, 50],
    // The functions reach S3 through the fault proxy; the test's own client goes direct.
    functionEnvironment: { AWS_ENDPOINT_URL_S3: proxy.endpoint },
    onLog: dashboard.onLog,
  });
  s3Endpoint = info.endpoints.s3;
  url = await dashboard.start(pipeline, { port: 0 });
}

beforeAll(async () => {
  if (browserMissing) return;
  work = await mkdtemp(join(tmpdir(), 'dashboard-browser-'));
  dataDir = join(work, 'data');
  await buildLambda({ outDir: join(work, 'dist') });
  bundlePath = join(work, 'dist/lambda/index.mjs');
  proxy = await startFaultProxy(
    () => s3Endpoint,
    (_n, req) =>
      faulty && req.method === 'GET' && (req.url ?? '').includes('flaky')
        ? {
            kind: 'respond',
            status: 500,
            headers: { 'content-type': 'application/xml' },
            body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test</Message></Error>',
          }
        : { kind: 'pass' },
  );
  await startStack();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.stop();
  await pipeline?.stop();
  await proxy?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(browserMissing)('local dashboard in headless Chromium', () => {
  it('shows an upload made with the SDK within a second, then its item, report, summary and logs', async () => {
    // Prepare
    const { page, errors } = await openDashboard();
    const body = await readFile(join(REPO, 'test-data/sales_clean.csv'));

    // Act: upload, then wait for the row to appear (no sleep), then for its item.
    const startedAt = performance.now();
    await put('uploads/sdk/sales_clean.csv', body);
    await rowShown(page, 'sdk/sales_clean.csv');
    const shownMs = performance.now() - startedAt;
    await rowShown(page, 'sdk/sales_clean.csv', 'success');
    const itemMs = performance.now() - startedAt;
    const row = await rowCells(page, 'sdk/sales_clean.csv');
    const item = (await pipeline.getItem('sdk/sales_clean.csv'))!;

    // Act: follow its three links.
    const report = await browser.newPage();
    const reportErrors: string[] = [];
    report.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') reportErrors.push(m.text());
    });
    report.on('pageerror', (e) => reportErrors.push(e.message));
    const reportAnswer = await report.goto(new URL(row!.links.report!, url).href);
    await report.waitForSelector('html[data-ready="1"]');
    const reportSeen = await report.evaluate(() => ({
      origin: window.origin,
      title: document.title,
      cards: document.querySelectorAll('details.col').length,
    }));
    await report.close();
    const summary = await fetch(new URL(row!.links.summary!, url));
    const logs = await fetch(new URL(row!.links.logs!, url));
    const logText = await logs.text();
    await page.close();

    // Assess: the row, from the item.
    console.log(
      `dashboard: upload shown ${shownMs.toFixed(0)} ms after the PUT began, its item ${itemMs.toFixed(0)} ms`,
    );
    expect(shownMs).toBeLessThan(1_000);
    expect(item.status).toBe('success');
    const quality = item.quality_issues as { issue_count: number };
    expect(row!.cells.slice(0, 6)).toEqual([
      'sdk/sales_clean.csv',
      '11.4 KB',
      'success',
      '200',
      '9',
      String(quality.issue_count),
    ]);
    const uploadToItem =
      Date.parse(String(item.processed_timestamp)) - Date.parse(String(item.upload_timestamp));
    expect(row!.cells[6]).toBe(`${uploadToItem} ms`);
    // The report: served from S3 as HTML, sandboxed into an opaque origin, renders clean.
    expect(reportAnswer?.headers()['content-type']).toBe('text/html; charset=utf-8');
    expect(reportAnswer?.headers()['content-security-policy']).toBe('sandbox allow-scripts');
    expect(reportSeen).toEqual({
      origin: 'null',
      title: 'Profile of sdk/sales_clean.csv',
      cards: 9,
    });
    expect(reportErrors).toEqual([]);
    // The summary: the object the item names, as JSON.
    expect(summary.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await summary.json()).toEqual(
      JSON.parse((await get(String(item.summary_key))).toString()),
    );
    // The logs: the lines of the request that wrote the item.
    expect(logs.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(logText).toContain(`START RequestId: ${item.request_id}`);
    expect(logText).toContain(`REPORT RequestId: ${item.request_id}`);
    expect(logText).toContain('"message":"file processed"');
    expect(errors).toEqual([]);
  }, 60_000);

  it('stores files picked or dropped on the page and shows their items', async () => {
    // Prepare
    const { page, errors } = await openDashboard();
    const picked = await readFile(join(REPO, 'test-data/patients_dirty.csv'));
    const dropped = 'id;preis\n1;2,50\n2;3,75\n';

    // Act: the file picker, then a drop on the box (a real DataTransfer with a File).
    await page.setInputFiles('#file', {
      name: 'page_picked.csv',
      mimeType: 'text/csv',
      buffer: picked,
    });
    await page.waitForSelector('#sent li[data-state="stored"]');
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'page_dropped.csv', { type: 'text/csv' }));
      document
        .getElementById('drop')!
        .dispatchEvent(
          new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    }, dropped);
    await rowShown(page, 'page_picked.csv', 'success');
    await rowShown(page, 'page_dropped.csv', 'success');
    const sent = await page.$$eval('#sent li', (lis) =>
      lis.map((li) => [li.getAttribute('data-state'), li.textContent]),
    );
    await page.close();

    // Assess: the bytes landed in S3 under uploads/, and each got its item.
    expect(await get('uploads/page_picked.csv')).toEqual(picked);
    expect((await get('uploads/page_dropped.csv')).toString()).toBe(dropped);
    expect(await pipeline.getItem('page_picked.csv')).toMatchObject({
      status: 'success',
      row_count: 153,
      column_count: 8,
    });
    expect(await pipeline.getItem('page_dropped.csv')).toMatchObject({
      status: 'success',
      row_count: 2,
      column_count: 2,
    });
    expect(sent).toEqual([
      ['stored', `page_dropped.csv stored as uploads/page_dropped.csv (${dropped.length} B)`],
      ['stored', 'page_picked.csv stored as uploads/page_picked.csv (6.2 KB)'],
    ]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('replays a failure from the on-failure queue into an item', async () => {
    // Prepare: every S3 read of the file fails, so all three attempts fail and the failure
    // handler records it.
    const { page, errors } = await openDashboard();
    faulty = true;
    await put('uploads/flaky.csv', 'city,temp\nOslo,3\nRome,14\n');
    await rowShown(page, 'flaky.csv', 'error');
    const failed = await pipeline.getItem('flaky.csv');
    const failure = page.locator('#failure-rows tr', { hasText: 'flaky.csv' });
    await failure.waitFor();
    const failureText = await failure.textContent();

    // Act: the cause is gone; replay it from the page.
    faulty = false;
    await failure.locator('button.replay').click();
    await rowShown(page, 'flaky.csv', 'success');
    const note = await failure.locator('.note').textContent();
    const item = (await pipeline.getItem('flaky.csv'))!;
    const row = await rowCells(page, 'flaky.csv');
    await page.close();

    // Assess
    expect(failed).toMatchObject({ status: 'error', error_code: 'PROCESSING_FAILED' });
    expect(failureText).toContain('InternalError');
    expect(failureText).toContain('3');
    expect(item).toMatchObject({ status: 'success', row_count: 2, column_count: 2 });
    expect(item.sequencer).toBe(failed?.sequencer);
    expect(note).toContain(`request ${item.request_id}`);
    expect(row!.cells.slice(2, 5)).toEqual(['success', '2', '2']);
    expect(errors).toEqual([]);
  }, 60_000);

  it('keeps names and values from files inert', async () => {
    // Prepare: file names that are payloads (S3 keys may hold any of this), and a body whose
    // column names and values are payloads too.
    const { page, errors } = await openDashboard();
    const names = [
      `xss/${XSS.img}.csv`,
      `xss/${XSS.bidi}${XSS.script}.csv`,
      `xss/${XSS.controls}.csv`,
    ];

    // Act
    for (const name of names) await put(`uploads/${name}`, xssCsv());
    for (const name of names) await rowShown(page, name, 'success');
    const seen = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      scripts: document.scripts.length,
      foreign: document.querySelectorAll('img, iframe, object, embed, [onerror], [onload]').length,
      shown: Array.from(document.querySelectorAll('#upload-rows th'), (th) => th.textContent),
      links: Array.from(document.querySelectorAll('#upload-rows a'), (a) => a.getAttribute('href')),
    }));
    const row = await rowCells(page, names[0]!);
    const report = await browser.newPage();
    await report.goto(new URL(row!.links.report!, url).href);
    await report.waitForSelector('html[data-ready="1"]');
    const reportPwned = await report.evaluate(
      () => (window as unknown as { __pwned?: number }).__pwned ?? null,
    );
    await report.close();
    await page.close();

    // Assess
    expect(seen.pwned).toBeNull();
    expect(reportPwned).toBeNull();
    expect(seen.scripts).toBe(2);
    expect(seen.foreign).toBe(0);
    for (const name of names) expect(seen.shown).toContain(displayText(name, 300));
    for (const href of seen.links) expect(href).toMatch(/^\/files\/[^/]+\/(report|summary|logs)$/);
    expect(errors).toEqual([]);
  }, 60_000);

  it('refuses uploads and reads attempted by another web page', async () => {
    // Prepare: a page of another origin (another loopback port) that tries what a hostile site
    // would: a simple no-cors POST, a PUT with a guessed token, and reading the page's token.
    const target = url;
    const hostile: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><script>
        const DASH = ${JSON.stringify(target)};
        window.attempts = (async () => {
          const out = {};
          try { await fetch(DASH + 'api/uploads/hostile.csv', { method: 'POST', mode: 'no-cors', body: 'a,b\\n1,2\\n' }); out.post = 'sent'; } catch (e) { out.post = 'blocked'; }
          try { await fetch(DASH + 'api/uploads/hostile.csv', { method: 'PUT', body: 'a,b\\n1,2\\n', headers: { 'x-dashboard-token': 'guess' } }); out.put = 'sent'; } catch (e) { out.put = 'blocked'; }
          try { const r = await fetch(DASH); out.read = await r.text(); } catch (e) { out.read = 'blocked'; }
          return out;
        })();
      </script>`);
    });
    await new Promise<void>((done) => hostile.listen(0, '127.0.0.1', done));
    const page = await browser.newPage();

    // Act
    await page.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
    const attempts = await page.evaluate(
      () => (window as unknown as { attempts: Promise<Record<string, string>> }).attempts,
    );
    await page.close();
    hostile.close();

    // Assess: the simple POST was sent (browsers send those) and refused by the dashboard, which
    // stored nothing, and its answer was withheld from the page (Cross-Origin-Resource-Policy);
    // the PUT's preflight and the read of the page (and its token) were refused.
    expect(attempts).toEqual({ post: 'blocked', put: 'blocked', read: 'blocked' });
    expect(await exists('uploads/hostile.csv')).toBe(false);
  }, 60_000);

  it('charts the processor metrics and takes the screenshot shown in the README', async () => {
    // Prepare: every sample file, uploaded at once.
    const { page, errors } = await openDashboard({ width: 1280, height: 1000 });
    const files = (await readdir(join(REPO, 'test-data'))).filter((f) => f.endsWith('.csv'));
    await Promise.all(
      files.map(async (f) => put(`uploads/${f}`, await readFile(join(REPO, 'test-data', f)))),
    );
    for (const f of files) {
      await page.waitForFunction(
        (n) =>
          Array.from(document.querySelectorAll('#upload-rows tr')).some(
            (tr) =>
              tr.getAttribute('data-name') === n &&
              ['success', 'error'].includes(tr.getAttribute('data-status') ?? ''),
          ),
        f,
      );
    }

    // Act: wait for a metrics event that counts them all.
    const invocations =
      pipeline.metricsSnapshot().functions['csv-ingest-local-processor']!.invocations;
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector('[data-total="invocations"]')?.textContent?.replace(/,/g, ''),
        ) >= n,
      invocations,
      { timeout: 10_000 },
    );
    const bars = await page.$$eval('[data-chart="invocations"] rect', (rects) => rects.length);
    const labels = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => svg.getAttribute('aria-label')),
    );
    const shot =
      process.env.UPDATE_SCREENSHOT === '1'
        ? join(REPO, 'docs', 'dashboard.png')
        : join(work, 'dashboard.png');
    await page.screenshot({ path: shot });
    await page.close();

    // Assess
    expect(bars).toBeGreaterThan(0);
    expect(labels).toHaveLength(4);
    expect(labels[0]).toMatch(/^Invocations per 2 s over the last 3 minutes, highest \d+$/);
    expect((await stat(shot)).size).toBeLessThan(SCREENSHOT_BUDGET);
    expect(errors).toEqual([]);
  }, 90_000);

  it('lists earlier uploads after a restart, with their logs read from the log files', async () => {
    // Prepare: a new process would start with nothing in memory.
    const before = (await pipeline.getItem('sdk/sales_clean.csv'))!;
    await dashboard.stop();
    await pipeline.stop();
    await startStack();

    // Act
    const { page, errors } = await openDashboard();
    await rowShown(page, 'sdk/sales_clean.csv', 'success');
    const row = await rowCells(page, 'sdk/sales_clean.csv');
    const logs = await fetch(new URL(row!.links.logs!, url)).then((r) => r.text());
    await page.close();

    // Assess
    expect(dashboard.logs.has(String(before.request_id))).toBe(false);
    expect(logs).toContain(`START RequestId: ${before.request_id}`);
    expect(logs).toContain(`REPORT RequestId: ${before.request_id}`);
    expect(errors).toEqual([]);
  }, 60_000);
});
