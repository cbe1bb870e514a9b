import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileFile } from '../../src/files/index.js';
import { profileBytes, type Summary } from '../../src/profile/index.js';
import { displayText, renderProfileReport, reportBudgetBytes } from '../../src/report/index.js';
import type { ReportData } from '../../src/report/types.js';
import { twelveColumnCsv, wideCsv, XSS, xssCsv } from './fixtures.js';

const REPO = resolve(import.meta.dirname, '../..');
const encode = (text: string) => new TextEncoder().encode(text);
const bytes = (html: string) => Buffer.byteLength(html, 'utf8');

/** The text of every `<script>` element, with its attributes. */
function scripts(html: string): Array<{ attrs: string; body: string }> {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({
    attrs: m[1]!,
    body: m[2]!,
  }));
}

const dataOf = (html: string): ReportData =>
  JSON.parse(scripts(html).find((s) => s.attrs.includes('application/json'))!.body) as ReportData;

let patients: Summary;
let patientsHtml: string;

beforeAll(async () => {
  patients = await profileFile(join(REPO, 'test-data/patients_dirty.csv'), {
    fileName: 'patients_dirty.csv',
  });
  patientsHtml = renderProfileReport(patients, { sizeBytes: 6_341, durationMs: 12 });
});

describe('renderProfileReport', () => {
  it('returns one HTML document whose policy comes before any script or style', () => {
    // Assess
    expect(
      patientsHtml.startsWith(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"',
      ),
    ).toBe(true);
    expect(patientsHtml.indexOf('Content-Security-Policy')).toBeLessThan(
      patientsHtml.indexOf('<style'),
    );
    expect(patientsHtml.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('returns a policy that allows exactly its own inline script and style, by hash', () => {
    // Prepare
    const policy = patientsHtml
      .match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)![1]!
      .replaceAll('&#39;', "'");
    const hash = (text: string) =>
      `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const code = scripts(patientsHtml).filter((s) => !s.attrs.includes('application/json'));
    const style = patientsHtml.match(/<style>([\s\S]*?)<\/style>/)![1]!;

    // Assess
    expect(code).toHaveLength(1);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src ${hash(code[0]!.body)};`);
    expect(policy).toContain(`style-src ${hash(style)};`);
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('returns a page that loads nothing from anywhere', () => {
    expect(patientsHtml).not.toMatch(/<link|<img|<iframe|@import|url\(|\ssrc=|href="(?!#)/i);
    expect(patientsHtml).not.toMatch(/\sstyle="/);
  });

  it('returns a script with no HTML sink and no dynamic code', () => {
    // Prepare
    const code = scripts(patientsHtml).find((s) => !s.attrs.includes('application/json'))!.body;

    // Assess
    expect(code).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(['"`]/,
    );
    expect(code).not.toMatch(/<\/script|<!--/i);
  });

  it('returns one collapsed card per column, in column order', () => {
    // Act
    const cards = [
      ...patientsHtml.matchAll(/<details class="col" id="c(\d+)"[^>]*>(?!<summary>)?/g),
    ];
    const names = [...patientsHtml.matchAll(/<span class="cn">([^<]*)<\/span>/g)].map((m) => m[1]);

    // Assess
    expect(cards.map((m) => Number(m[1]))).toEqual(patients.columns.map((_, i) => i));
    expect(patientsHtml).not.toMatch(/<details class="col"[^>]* open/);
    expect(names).toEqual(patients.columns.map((c) => c.name));
  });

  it('returns data with one body per column and every issue', () => {
    // Act
    const data = dataOf(patientsHtml);

    // Assess
    expect(data.columns).toHaveLength(patients.columns.length);
    expect(data.issues).toHaveLength(patients.quality_issues.issues.length);
    const age = patients.columns.findIndex((c) => c.name === 'age');
    const ageIssues = data.issues.filter((i) => i.c === age).map((i) => i.k);
    expect(ageIssues.sort()).toEqual(['invalid_values', 'missing_values']);
    expect(data.columns[age]?.h?.n.reduce((a, b) => a + b, 0)).toBe(
      patients.columns[age]!.count - patients.columns[age]!.invalid,
    );
  });

  it('returns tables with captions and scoped headers, and labelled charts', () => {
    // Act
    const tables = patientsHtml.match(/<table[^>]*>/g) ?? [];
    const captions = patientsHtml.match(/<table[^>]*><caption>/g) ?? [];
    const headers = patientsHtml.match(/<th(?: [^>]*)?>/g) ?? [];
    const svgs = patientsHtml.match(/<svg[^>]*>/g) ?? [];

    // Assess
    expect(tables.length).toBeGreaterThan(0);
    expect(captions).toHaveLength(tables.length);
    for (const th of headers) expect(th).toMatch(/scope="(row|col)"/);
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) expect(svg).toMatch(/role="img" aria-label="[^"]+"/);
  });

  it('returns a page with the file facts from the summary and the context', () => {
    expect(patientsHtml).toContain('<th scope="row">rows</th><td>153</td>');
    expect(patientsHtml).toContain('<th scope="row">profiled in</th><td>12 ms</td>');
    expect(patientsHtml).toContain('6.2 KB (6,341 bytes)');
  });

  it('returns the same page for the same summary', () => {
    expect(renderProfileReport(patients, { sizeBytes: 6_341, durationMs: 12 })).toBe(patientsHtml);
  });
});

describe('renderProfileReport with hostile text', () => {
  let summary: Summary;
  let html: string;

  beforeAll(() => {
    summary = profileBytes(encode(xssCsv()), { fileName: `${XSS.img}\u0000.csv` });
    html = renderProfileReport(summary, { source: XSS.close, generatedAt: XSS.script });
  });

  it('returns the payloads as the profiler read them', () => {
    // The profiler keeps these names; if it ever renamed them, this test would prove nothing.
    expect(summary.columns.map((c) => c.name)).toEqual(Object.values(XSS));
  });

  it('returns no markup from the file: only its own two scripts and no images', () => {
    expect(scripts(html)).toHaveLength(2);
    expect(html.match(/<script/g)).toHaveLength(2);
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)[^>]*>/g)].map((m) => m[1]));
    const ours = ['html', 'head', 'meta', 'title', 'style', 'script', 'body', 'header', 'h1', 'h2'];
    const more = [
      'p',
      'noscript',
      'main',
      'section',
      'table',
      'caption',
      'thead',
      'tbody',
      'tr',
      'th',
    ];
    const rest = ['td', 'span', 'code', 'details', 'summary', 'div', 'svg', 'path', 'output'];
    const allowed = [...ours, ...more, ...rest, 'label', 'input', 'select', 'option', 'button'];
    expect([...tags].filter((t) => !allowed.includes(t!))).toEqual([]);
    expect(html).not.toMatch(/<[a-zA-Z][^>]*\son[a-z]+=/i);
  });

  it('returns every column name as escaped, visible text', () => {
    for (const c of summary.columns) {
      const shown = displayText(c.name, 120)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
      expect(html).toContain(`<span class="cn">${shown}</span>`);
    }
  });

  it('returns data whose top values parse back to the shown payloads', () => {
    // Act
    const data = dataOf(html);
    const values = data.columns.flatMap((c) => c.t?.v.map(([v]) => v) ?? []);

    // Assess
    expect(values).toEqual(
      expect.arrayContaining(Object.values(XSS).map((v) => displayText(v, 120))),
    );
  });
});

describe('report size budget', () => {
  it('keeps a 12-column report within its budget', () => {
    // Prepare
    const summary = profileBytes(encode(twelveColumnCsv()), { fileName: 'orders.csv' });

    // Act
    const html = renderProfileReport(summary);

    // Assess
    expect(summary.column_count).toBe(12);
    expect(bytes(html)).toBeLessThanOrEqual(reportBudgetBytes(12));
  });

  it('keeps a 3,000-column report within its budget', () => {
    // Prepare
    const summary = profileBytes(encode(wideCsv(3_000, 120)), { fileName: 'wide.csv' });

    // Act
    const html = renderProfileReport(summary);

    // Assess
    expect(summary.column_count).toBe(3_000);
    expect(bytes(html)).toBeLessThanOrEqual(reportBudgetBytes(3_000));
    expect(bytes(html)).toBeLessThan(bytes(JSON.stringify(summary)));
  }, 60_000);

  it('keeps huge names and values from growing the report past a bound per column', () => {
    // Prepare: 200 columns whose names and values are 20,000 characters of `<`.
    const long = (c: number) => `${'<'.repeat(20_000)}${c}`;
    const header = Array.from({ length: 200 }, (_, c) => long(c)).join(',');
    const row = Array.from({ length: 200 }, (_, c) => long(c + 1)).join(',');
    const summary = profileBytes(encode(`${header}\n${row}\n${row}\n`), { fileName: 'huge.csv' });

    // Act
    const html = renderProfileReport(summary);

    // Assess: the file is 8 MB; each column costs a few KB of escaped, cut text at most.
    expect(summary.column_count).toBe(200);
    expect(bytes(html)).toBeLessThanOrEqual(reportBudgetBytes(0) + 200 * 8 * 1024);
  });
});

describe('src/report layering', () => {
  it('imports only profile types, node built-ins and its own files', async () => {
    // Prepare
    const dir = join(REPO, 'src/report');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));

    // Act
    const specifiers: string[] = [];
    for (const file of files) {
      const source = await readFile(join(dir, file), 'utf8');
      for (const m of source.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
        specifiers.push(m[1]!);
      }
    }

    // Assess
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) {
      expect(s).toMatch(/^(\.\/[A-Za-z]+\.js|\.\.\/profile\/types\.js|node:[a-z]+)$/);
    }
  });
});
