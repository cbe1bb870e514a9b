import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDeploy } from '../../src/cli/commands/deploy.js';
import { buildProgram } from '../../src/cli/main.js';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../..');

// The targets of the original project (issue 5) plus the local ones.
const TARGETS = [
  'localstack-up',
  'localstack-down',
  'deploy-localstack',
  'deploy-aws',
  'test-localstack',
  'test-aws',
  'metrics-localstack',
  'metrics-aws',
  'experiments-localstack',
  'experiments-aws',
  'experiments-aws-safe',
  'compare-experiments',
  'clean-localstack',
  'clean-aws',
  'local',
  'test',
  'bench',
  'help',
];

const PRECONDITIONS: Record<string, string[]> = {
  'localstack-up': ['check-docker'],
  'localstack-down': ['check-docker'],
  'deploy-localstack': ['check-node', 'check-terraform', 'check-localstack'],
  'deploy-aws': ['check-node', 'check-terraform', 'check-aws'],
  'test-localstack': ['check-node', 'check-localstack'],
  'test-aws': ['check-node', 'check-aws'],
  'metrics-localstack': ['check-node', 'check-localstack'],
  'metrics-aws': ['check-node', 'check-aws'],
  'experiments-localstack': ['check-node', 'check-localstack'],
  'experiments-aws': ['check-node', 'check-aws'],
  'experiments-aws-safe': ['check-node', 'check-aws'],
  'compare-experiments': ['check-node', 'check-results'],
  'clean-localstack': ['check-node', 'check-terraform', 'check-localstack'],
  'clean-aws': ['check-node', 'check-terraform', 'check-aws'],
  local: ['check-node'],
  test: ['check-node'],
  bench: ['check-node'],
};

let makefile: string;
let scripts: Record<string, string>;
let fakeBin: string;

/** The commands `make -n <target>` would run (nothing is executed). */
async function dryRun(target: string): Promise<string[]> {
  const { stdout } = await run('make', ['-n', '--no-print-directory', target], { cwd: REPO });
  return stdout.split('\n').filter(Boolean);
}

/** Runs a target for real with a PATH of fake tools; resolves to its exit code and stderr. */
async function make(target: string, path: string, extra: Record<string, string> = {}) {
  try {
    await run(
      'make',
      ['--no-print-directory', target, ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)],
      {
        cwd: REPO,
        env: { PATH: path, HOME: fakeBin },
      },
    );
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

beforeAll(async () => {
  makefile = await readFile(join(REPO, 'Makefile'), 'utf8');
  scripts = (
    JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  fakeBin = await mkdtemp(join(tmpdir(), 'make-test-'));
  await mkdir(join(fakeBin, 'bin'));
  const fakes: Record<string, string> = {
    // An aws CLI whose session token has expired.
    aws: '#!/bin/sh\necho "An error occurred (ExpiredToken): The security token included in the request is expired" >&2\nexit 254\n',
    // A docker CLI whose daemon is not running.
    docker: '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n',
  };
  for (const [name, text] of Object.entries(fakes)) {
    await writeFile(join(fakeBin, 'bin', name), text);
    await chmod(join(fakeBin, 'bin', name), 0o755);
  }
});

afterAll(async () => {
  await rm(fakeBin, { recursive: true, force: true });
});

describe('Makefile', () => {
  it('defines every target as .PHONY with a ## description, and help lists them', async () => {
    // Act
    const { stdout } = await run('make', ['--no-print-directory', 'help'], { cwd: REPO });

    // Assess
    for (const target of TARGETS) {
      expect(makefile, target).toMatch(new RegExp(`^${target}:.*## \\S`, 'm'));
      expect(makefile.split('.PHONY:')[1]?.split('\n\n')[0]).toMatch(
        new RegExp(`(\\s|^)${target}(\\s|\\\\|$)`),
      );
      expect(stdout, `help lists ${target}`).toMatch(new RegExp(`^\\s+${target}\\s+\\S`, 'm'));
    }
  });

  it.each(Object.keys(PRECONDITIONS))('runs the preconditions of %s first', async (target) => {
    // Act
    const line =
      new RegExp(`^${target}:([^#\\n]*)`, 'm').exec(makefile)?.[1]?.trim().split(/\s+/) ?? [];

    // Assess
    expect(line).toEqual(PRECONDITIONS[target]);
  });

  it.each(TARGETS.filter((t) => t !== 'help'))(
    'calls only existing npm scripts and ingest commands in %s',
    async (target) => {
      // Prepare
      // Messages inside quotes ("... run: npm ci") are advice, not calls.
      const commands = (await dryRun(target)).map((c) => c.replace(/"[^"]*"/g, '""'));
      // The sub-commands `ingest --help` lists.
      const known = (await buildProgram()).commands.map((command) => command.name());

      // Act
      const npm = commands.flatMap((c) =>
        [...c.matchAll(/\bnpm (?:run )?([\w:-]+)/g)].map((m) => m[1]!),
      );
      const ingest = commands.flatMap((c) =>
        [...c.matchAll(/\bnpx ingest ([\w-]+)/g)].map((m) => m[1]!),
      );

      // Assess
      expect(
        npm.length + ingest.length + commands.filter((c) => c.startsWith('docker compose')).length,
      ).toBeGreaterThan(0);
      for (const script of npm)
        expect(Object.keys(scripts), `npm script ${script}`).toContain(script);
      for (const sub of ingest) expect(known, `ingest ${sub}`).toContain(sub);
    },
  );

  it('uses only deploy/destroy options that the real commands define', async () => {
    // Prepare
    const program = new Command('ingest');
    registerDeploy(program);
    const commands = [...(await dryRun('deploy-localstack')), ...(await dryRun('clean-aws'))];

    for (const line of commands.filter((c) => /npx ingest (deploy|destroy)/.test(c))) {
      // Act
      const [, sub, rest] = /npx ingest (deploy|destroy)(.*)$/.exec(line)!;
      const longs = program.commands.find((c) => c.name() === sub)!.options.map((o) => o.long);
      const used = (rest ?? '').match(/--[\w-]+/g) ?? [];

      // Assess
      for (const flag of used) expect(longs, `${sub} ${flag}`).toContain(flag);
    }
  });

  it('runs LocalStack targets with test credentials and without the user profile', async () => {
    for (const target of [
      'deploy-localstack',
      'test-localstack',
      'metrics-localstack',
      'experiments-localstack',
      'clean-localstack',
    ]) {
      // Act
      const command = (await dryRun(target)).find((c) => c.includes('npx ingest'))!;

      // Assess
      expect(command, target).toMatch(
        /^env -u AWS_PROFILE .*-u AWS_SESSION_TOKEN .*AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test /,
      );
      expect(command).toContain('AWS_SHARED_CREDENTIALS_FILE=/dev/null');
      expect(command).toContain('--env localstack');
    }
    for (const target of ['deploy-aws', 'test-aws', 'clean-aws']) {
      expect(
        (await dryRun(target)).find((c) => c.includes('npx ingest')),
        target,
      ).toMatch(/^npx ingest .*--env aws/);
    }
  });

  it('says to install Terraform when it is missing', async () => {
    // Act
    const result = await make('check-terraform', '/usr/bin:/bin');

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/terraform not found: install Terraform >= 1\.5/);
  });

  it('says to start Docker when the daemon is not running', async () => {
    // Act
    const result = await make('check-docker', `${join(fakeBin, 'bin')}:/usr/bin:/bin`);

    // Assess
    expect(result.stderr).toMatch(/Docker is not running: start Docker/);
  });

  it('says to run make localstack-up when LocalStack does not answer', async () => {
    // Act
    const result = await make('check-localstack', '/usr/bin:/bin', {
      LOCALSTACK_URL: 'http://127.0.0.1:9',
    });

    // Assess
    expect(result.stderr).toMatch(
      /LocalStack is not answering at http:\/\/127\.0\.0\.1:9: run: make localstack-up/,
    );
  });

  it('says to refresh expired AWS credentials (Learner Lab)', async () => {
    // Act
    const result = await make('check-aws', `${join(fakeBin, 'bin')}:/usr/bin:/bin`);

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/AWS credentials have expired.*Learner Lab/);
  });
});
