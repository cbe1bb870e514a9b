import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Dashboard,
  filePath,
  parseFilePath,
  replayPath,
  uploadKey,
  uploadPath,
} from '../../src/dashboard/index.js';
import { LocalPipeline } from '../../src/local/index.js';

// The dashboard over plain HTTP, as other programs and other web pages could reach it: a real
// LocalPipeline (the fixture bundle: no report needed here) and the dashboard on free ports.
const bundlePath = fileURLToPath(
  new URL('../local/fixtures/pipeline-handler.mjs', import.meta.url),
);
const MAX_FILE_BYTES = 100;

let dataDir: string;
let pipeline: LocalPipeline;
let dashboard: Dashboard;
let base: URL;
let origin: string;
let token: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (Host and Origin included), as any client can send. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // An empty `host` sends no Host header at all.
    const all = { host: base.host, ...headers };
    const omitHost = all.host === '';
    if (omitHost) delete (all as { host?: string }).host;
    const req = request(
      { host: base.hostname, port: base.port, method, path, headers: all, setHost: !omitHost },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const codeOf = (answer: Answer) => (JSON.parse(answer.body) as { error_code: string }).error_code;

async function exists(key: string): Promise<boolean> {
  try {
    await pipeline.s3Client.send(new HeadObjectCommand({ Bucket: 'csv-ingest-local', Key: key }));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dashboard-server-'));
  pipeline = new LocalPipeline();
  dashboard = new Dashboard();
  await pipeline.start({
    port: 0,
    dataDir,
    bundlePath,
    retryDelaysMs: [20, 20],
    timeoutMs: 5_000,
    maxFileBytes: MAX_FILE_BYTES,
    onLog: dashboard.onLog,
  });
  base = new URL(await dashboard.start(pipeline, { port: 0 }));
  origin = base.origin;
  const page = await send('GET', '/');
  token = /"token":"([^"]+)"/.exec(page.body)![1]!;
});

afterAll(async () => {
  await dashboard?.stop();
  await pipeline?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const good = () => ({ origin, 'x-dashboard-token': token, 'content-type': 'text/csv' });

describe('dashboard routes', () => {
  it.each(['a.csv', 'coll/a b.csv', '100%/ü/<x>.csv', '..', 'a/report'])(
    'returns the name %j from its file path',
    (name) => {
      for (const view of ['report', 'summary', 'logs'] as const) {
        expect(parseFilePath(filePath(name, view))).toEqual({ name, view });
      }
    },
  );

  it('returns the key under uploads/ or a stable code for names nothing should store', () => {
    expect(uploadKey('coll/a.csv')).toBe('uploads/coll/a.csv');
    expect(uploadKey('A.CSV.GZ')).toBe('uploads/A.CSV.GZ');
    const codeFor = (name: string) => {
      try {
        uploadKey(name);
        return 'ok';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(codeFor('')).toBe('INVALID_NAME');
    expect(codeFor('a\u0000.csv')).toBe('INVALID_NAME');
    expect(codeFor('../a.csv')).toBe('INVALID_NAME');
    expect(codeFor('a//b.csv')).toBe('INVALID_NAME');
    expect(codeFor('/a.csv')).toBe('INVALID_NAME');
    expect(codeFor(`${'x'.repeat(1_020)}.csv`)).toBe('INVALID_NAME');
    expect(codeFor('a.Csv')).toBe('UNSUPPORTED_SUFFIX');
    expect(codeFor('a.xlsx')).toBe('UNSUPPORTED_SUFFIX');
  });
});

describe('dashboard server', () => {
  it('serves the page with its policy and a token, to its own host names only', async () => {
    // Act
    const page = await send('GET', '/');
    const byName = await send('GET', '/', { host: `localhost:${base.port}` });
    const rebound = await send('GET', '/', { host: `attacker.example:${base.port}` });
    const noHost = await send('GET', '/', { host: '' });
    const otherPage = await send('GET', '/', { origin: 'http://127.0.0.1:1' });

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("require-trusted-types-for 'script'");
    expect(page.body).toContain('<script type="application/json" id="boot">');
    expect(byName.status).toBe(200);
    expect([rebound.status, codeOf(rebound)]).toEqual([403, 'HOST_NOT_ALLOWED']);
    // Node's own HTTP/1.1 parser refuses a request without Host (`requireHostHeader`).
    expect(noHost.status).toBe(400);
    expect([otherPage.status, codeOf(otherPage)]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
  });

  it('gives every process its own token', async () => {
    // Prepare
    const other = new Dashboard();
    const url = new URL(await other.start(pipeline, { port: 0 }));
    try {
      // Act
      const page = await fetch(url).then((r) => r.text());

      // Assess
      const otherToken = /"token":"([^"]+)"/.exec(page)![1]!;
      expect(otherToken).toMatch(/^[\w-]{43}$/);
      expect(otherToken).not.toBe(token);
    } finally {
      await other.stop();
    }
  });

  it('stores an upload with its Origin and token, and refuses one without either', async () => {
    // Act
    const stored = await send('PUT', uploadPath('server/ok.csv'), good(), 'a,b\n1,2\n');
    const noOrigin = await send(
      'PUT',
      uploadPath('server/no-origin.csv'),
      { 'x-dashboard-token': token },
      'a\n1\n',
    );
    const foreign = await send(
      'PUT',
      uploadPath('server/foreign.csv'),
      { ...good(), origin: 'http://evil.example' },
      'a\n1\n',
    );
    const nullOrigin = await send(
      'PUT',
      uploadPath('server/null.csv'),
      { ...good(), origin: 'null' },
      'a\n1\n',
    );
    const noToken = await send('PUT', uploadPath('server/no-token.csv'), { origin }, 'a\n1\n');
    const wrongToken = await send(
      'PUT',
      uploadPath('server/wrong-token.csv'),
      { ...good(), 'x-dashboard-token': `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
      'a\n1\n',
    );

    // Assess
    expect(stored.status).toBe(201);
    expect(JSON.parse(stored.body)).toMatchObject({ key: 'uploads/server/ok.csv', size: 8 });
    expect(await exists('uploads/server/ok.csv')).toBe(true);
    expect(await pipeline.waitForItem('server/ok.csv')).toMatchObject({ status: 'success' });
    expect([noOrigin.status, codeOf(noOrigin)]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect([nullOrigin.status, codeOf(nullOrigin)]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect([noToken.status, codeOf(noToken)]).toEqual([403, 'BAD_TOKEN']);
    expect([wrongToken.status, codeOf(wrongToken)]).toEqual([403, 'BAD_TOKEN']);
    for (const name of ['no-origin', 'foreign', 'null', 'no-token', 'wrong-token']) {
      expect(await exists(`uploads/server/${name}.csv`), name).toBe(false);
    }
  });

  it('refuses an upload over MAX_FILE_BYTES, without a length, or with a bad name', async () => {
    // Act
    const large = await send('PUT', uploadPath('server/large.csv'), good(), 'x'.repeat(101));
    const atLimit = await send('PUT', uploadPath('server/limit.csv'), good(), 'x'.repeat(100));
    const chunked = await send(
      'PUT',
      uploadPath('server/chunked.csv'),
      { ...good(), 'transfer-encoding': 'chunked' },
      'a\n1\n',
    );
    const dots = await send('PUT', uploadPath('../escape.csv'), good(), 'a\n1\n');
    const badEscape = await send('PUT', '/api/uploads/%E0%A4%A.csv', good(), 'a\n1\n');
    const suffix = await send('PUT', uploadPath('server/book.xlsx'), good(), 'a\n1\n');

    // Assess
    expect([large.status, codeOf(large)]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(large.headers.connection).toBe('close');
    expect(atLimit.status).toBe(201);
    expect([chunked.status, codeOf(chunked)]).toEqual([411, 'LENGTH_REQUIRED']);
    expect([dots.status, codeOf(dots)]).toEqual([400, 'INVALID_NAME']);
    expect([badEscape.status, codeOf(badEscape)]).toEqual([400, 'INVALID_NAME']);
    expect([suffix.status, codeOf(suffix)]).toEqual([400, 'UNSUPPORTED_SUFFIX']);
    expect(await exists('uploads/server/large.csv')).toBe(false);
    expect(await exists('uploads/server/chunked.csv')).toBe(false);
  });

  it('replays only a recorded failure, and only with its Origin and token', async () => {
    // Prepare: a file the fixture handler always fails, so it ends in the on-failure queue.
    await pipeline.s3Client.send(
      new PutObjectCommand({
        Bucket: 'csv-ingest-local',
        Key: 'uploads/server/always-fail.csv',
        Body: 'a\n1\n',
      }),
    );
    await pipeline.waitForItem('server/always-fail.csv', {
      predicate: (item) => item.status === 'error',
    });
    const [record] = await pipeline.failureRecords();
    const id = record!.requestContext.requestId;
    const runs: string[] = [];
    const off = pipeline.onInvocation((run) => runs.push(run.requestId));

    // Act
    const noToken = await send('POST', replayPath(id), { origin });
    const foreign = await send('POST', replayPath(id), {
      ...good(),
      origin: 'http://evil.example',
    });
    const unknown = await send('POST', replayPath('not-a-request'), good());
    const replayed = await send('POST', replayPath(id), good());
    const requestId = (JSON.parse(replayed.body) as { request_id: string }).request_id;
    await pipeline.waitForIdle();
    off();

    // Assess: the refused requests ran nothing; the replay ran the processor with the recorded event.
    expect([noToken.status, codeOf(noToken)]).toEqual([403, 'BAD_TOKEN']);
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    expect(replayed.status).toBe(202);
    expect(new Set(runs).has(requestId)).toBe(true);
    expect(runs.filter((run) => run === requestId)).toHaveLength(3);
  });

  it('answers other methods and paths with a stable code', async () => {
    // Act
    const deleted = await send('DELETE', '/', {});
    const missing = await send('GET', '/nothing');
    const noReport = await send('GET', filePath('server/never.csv', 'report'));

    // Assess
    expect([deleted.status, codeOf(deleted)]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect([missing.status, codeOf(missing)]).toEqual([404, 'NOT_FOUND']);
    expect([noReport.status, codeOf(noReport)]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses to start on a port in use, in one line with a hint', async () => {
    // Act
    const second = new Dashboard().start(pipeline, { port: Number(base.port) });

    // Assess
    await expect(second).rejects.toMatchObject({
      code: 'DASHBOARD_START_FAILED',
      message: `the dashboard cannot listen on 127.0.0.1:${base.port} (EADDRINUSE)`,
      hint: expect.stringContaining('--dashboard-port'),
    });
  });
});
