import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { summaryErrors } from '../profile/schema.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ingest.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));

async function ingest(
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('ingest profile', () => {
  const file = join(dir, 'people.csv');
  writeFileSync(file, 'id;name;height\n1;Ann;1,72\n2;Bo;N/A\n3;Cy;1,80\n');

  it('prints an aligned report with the schema and issues', async () => {
    const { code, stdout } = await ingest(['profile', file]);
    expect(code).toBe(0);
    // No field is quoted: no quote character (issue 13), printed as none.
    expect(stdout).toMatch(/dialect\s+delimiter ;\s+quote none\s+header yes/);
    expect(stdout).toMatch(/^height\s+float\s+1 \(33\.33%\)/m);
    expect(stdout).toMatch(/warning\s+missing_values/);
  });

  it('prints a schema-valid summary with --json, also from stdin and gzip', async () => {
    const { code, stdout } = await ingest(['profile', file, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summaryErrors(summary)).toBe('');
    expect(summary).toMatchObject({
      file_name: 'people.csv',
      row_count: 3,
      dialect: { decimal: ',' },
    });
    const fromStdin = await ingest(['profile', '-', '--json'], 'a,b\n1,2\n');
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ file_name: 'stdin', row_count: 1 });
    const gz = join(dir, 'people.csv.gz');
    writeFileSync(gz, gzipSync(Buffer.from('a,b\n1,2\n3,4\n')));
    expect(JSON.parse((await ingest(['profile', gz, '--json'])).stdout)).toMatchObject({
      row_count: 2,
      encoding: { gzip: true },
    });
  });

  it('applies dialect flags', async () => {
    const { stdout } = await ingest(['profile', file, '--json', '--delimiter', ',', '--no-header']);
    // Split on commas, the header row is one field and the decimal-comma rows two: without a
    // header, the table is as wide as its widest record, and a one-field line above it is a
    // preamble (issue 13).
    expect(JSON.parse(stdout)).toMatchObject({
      column_count: 2,
      row_count: 3,
      dataset: { too_few_fields_rows: 1 },
      dialect: { delimiter: ',', header: false, sniffed: { delimiter: false, header: false } },
    });
  });

  it('exits 2 with the error code as JSON for a file that cannot be profiled', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const json = await ingest(['profile', empty, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error_code: 'EMPTY_FILE',
      message: 'The file is empty',
    });
    const text = await ingest(['profile', join(dir, 'missing.csv')]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/FILE_NOT_FOUND/);
    const bad = await ingest(['profile', file, '--encoding', 'ebcdic', '--json']);
    expect(JSON.parse(bad.stdout).error_code).toBe('UNSUPPORTED_ENCODING');
  });

  it('exits 2 with FILE_NOT_READABLE for a file it may not read, and NOT_A_FILE for a folder', async () => {
    // Prepare: root reads any mode-000 file, so as root use a write-only /proc file (EACCES).
    let unreadable = join(dir, 'secret.csv');
    if (process.getuid?.() === 0) unreadable = '/proc/sys/vm/compact_memory';
    else {
      writeFileSync(unreadable, 'a\n1\n');
      chmodSync(unreadable, 0o000);
    }

    // Act
    const json = await ingest(['profile', unreadable, '--json']);
    const text = await ingest(['profile', unreadable]);
    const folder = await ingest(['profile', dir, '--json']);

    // Assess
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error_code: 'FILE_NOT_READABLE',
      message: `Cannot read ${unreadable}: permission denied`,
    });
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(
      `error FILE_NOT_READABLE: Cannot read ${unreadable}: permission denied\n`,
    );
    expect(folder.code).toBe(2);
    expect(JSON.parse(folder.stdout)).toMatchObject({ error_code: 'NOT_A_FILE' });
  });

  it('writes the self-contained HTML report with --html, and refuses --html for several files', async () => {
    // Prepare
    const out = join(dir, 'people.html');

    // Act
    const one = await ingest(['profile', file, '--html', out]);
    const many = await ingest(['profile', file, file, '--html', out, '--json']);

    // Assess
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^height\s+float/m);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('people.csv');
    expect(html).not.toMatch(/<(script|link)[^>]+src=/);
    expect(many.code).toBe(2);
    expect(JSON.parse(many.stdout)).toEqual({
      error_code: 'USAGE',
      message: '--html takes one input file',
    });
  });

  it('prints schema and statistics in file order under --json, even for integer-like names', async () => {
    // Prepare: JavaScript objects put integer-like keys first, in numeric order.
    const years = join(dir, 'years.csv');
    writeFileSync(
      years,
      'country,2013,2012,1\nAruba,2024-01-01,2024-02-01,true\nChad,2024-01-03,2024-03-01,false\n',
    );

    // Act
    const { code, stdout } = await ingest(['profile', years, '--json']);

    // Assess
    expect(code).toBe(0);
    const schema = stdout.slice(stdout.indexOf('"schema"'), stdout.indexOf('"statistics"'));
    const order = ['"country"', '"2013"', '"2012"', '"1"'].map((name) => schema.indexOf(name));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
