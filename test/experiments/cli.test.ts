import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerExperiments, selectExperiments } from '../../src/cli/commands/experiments.js';
import { registerMetrics } from '../../src/cli/commands/metrics.js';
import { registerTest } from '../../src/cli/commands/test.js';

let dir: string;
let stderr: string;
let stdout: string;

function program(): Command {
  const p = new Command('ingest').exitOverride();
  registerTest(p);
  registerMetrics(p);
  registerExperiments(p);
  return p;
}

async function ingest(...args: string[]): Promise<number> {
  process.exitCode = undefined;
  stderr = '';
  stdout = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program().parseAsync(['node', 'ingest', ...args]);
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return code;
}

const RESULT = {
  results_version: '1.0',
  environment: {
    target: 'local',
    run_id: 'r1',
    scale: 'quick',
    started_at: '2024-06-01T00:00:00.000Z',
    region: 'us-east-1',
  },
  experiments: {
    B: {
      id: 'B',
      status: 'completed',
      summary: {},
      samples: [10, 12, 11, 13].map((v, i) => ({ run: i + 1, ok: true, visible_ms: v })),
    },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'experiments-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ingest test', () => {
  it('returns exit 2 when --connect finds no running local pipeline', async () => {
    // Act
    const code = await ingest('test', '--env', 'local', '--connect', '--port', '9');

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /no local pipeline answers at http:\/\/127\.0\.0\.1:9: start one with ingest local start/,
    );
  });
});

describe('ingest metrics', () => {
  it('returns exit 1 with advice when no local metrics were saved', async () => {
    // Act
    const code = await ingest('metrics', '--env', 'local', '--data-dir', dir);

    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/error NO_METRICS: no local metrics at .*metrics\.json/);
  });
});

describe('ingest experiments run', () => {
  it('prints the cost estimate and refuses AWS without --yes when it cannot ask', async () => {
    // Act
    const code = await ingest(
      'experiments',
      'run',
      '--env',
      'aws',
      '--safe',
      '--out',
      join(dir, 'aws.json'),
    );

    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/about 20 uploads/);
    expect(stderr).toMatch(/error NOT_CONFIRMED: not confirmed: nothing was run/);
  });

  it('returns the safe subset B, D, H for --safe', () => {
    // Assess
    expect(selectExperiments(undefined, true)).toEqual(['B', 'D', 'H']);
    expect(selectExperiments('g,b', false)).toEqual(['B', 'G']);
    expect(() => selectExperiments('E', false)).toThrow(/unknown experiment E/);
  });
});

describe('ingest experiments compare', () => {
  it('writes Markdown and HTML reports and prints the verdicts', async () => {
    // Prepare
    const a = join(dir, 'local.json');
    const b = join(dir, 'other.json');
    await writeFile(a, JSON.stringify(RESULT));
    const slower = structuredClone(RESULT);
    slower.environment.target = 'localstack';
    slower.experiments.B.samples = [30, 33, 31, 35].map((v, i) => ({
      run: i + 1,
      ok: true,
      visible_ms: v,
    }));
    await writeFile(b, JSON.stringify(slower));

    // Act
    const code = await ingest(
      'experiments',
      'compare',
      a,
      b,
      '--md',
      join(dir, 'r.md'),
      '--html',
      join(dir, 'r.html'),
    );

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /B: upload-to-visible: localstack is slower\/higher: 2\.7\dx local \(95% CI/,
    );
    expect(await readFile(join(dir, 'r.md'), 'utf8')).toMatch(/\| localstack \| 4 \| 32\.0 \|/);
    expect(await readFile(join(dir, 'r.html'), 'utf8')).toMatch(/<svg [^>]*role="img"/);
  });

  it('returns exit 1 naming a file that is not a results file', async () => {
    // Prepare
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"results_version":"0.1"}');

    // Act
    const code = await ingest('experiments', 'compare', bad);

    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/error BAD_RESULTS: .*bad\.json has results_version 0\.1/);
  });
});
