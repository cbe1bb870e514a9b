// Terraform checks the modules itself, wherever `terraform` (>= 1.7, for mock providers) and a
// provider mirror holding hashicorp/aws >= 5.100, < 7.0 are installed: fmt, init from the mirror
// alone (a CLI config of its own, no registry), validate, the key rules as Terraform evaluates
// them, and `terraform test` (terraform/tests/*.tftest.hcl, mocked provider) for both targets.
// It works on a copy in a temporary directory, so nothing is written into the repository (no
// .terraform/, no lock file). Without terraform or the mirror it prints one line saying why and
// skips. The mirror: $TF_PROVIDER_MIRROR, else the first of MIRROR_ROOTS that holds the provider.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_RULES } from '../../src/aws/keyRules.js';

const REPO = resolve(import.meta.dirname, '../..');
const PROVIDER = 'registry.terraform.io/hashicorp/aws';
const TERRAFORM_MIN = [1, 7] as const;

/** Where provider mirrors usually live (Terraform's implied local mirror directories first). */
const MIRROR_ROOTS = [
  join(homedir(), '.terraform.d/plugins'),
  join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local/share'), 'terraform/plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
  '/opt/tf-plugins',
  '/opt/terraform/plugins',
];

/** Runs of the workspace guard, with the mocks of terraform/tests/plan.tftest.hcl, in `localstack`. */
const GUARD_RUNS = `
run "another_targets_workspace_is_refused" {
  command = plan

  variables {
    environment = "aws"
  }

  expect_failures = [data.aws_caller_identity.current]
}

run "the_targets_own_workspace_is_accepted" {
  command = plan

  variables {
    environment         = "localstack"
    localstack_endpoint = "http://localhost:4566"
  }
}
`;

const PLATFORM = `${process.platform === 'win32' ? 'windows' : process.platform}_${
  { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' }[process.arch as string] ?? process.arch
}`;

/** Whether a provider version satisfies the modules' constraint `>= 5.100, < 7.0`. */
function acceptedVersion(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return (major === 5 && minor >= 100) || major === 6;
}

/** The accepted aws provider versions a mirror root holds for this platform (either layout). */
async function mirroredVersions(root: string): Promise<string[]> {
  const dir = join(root, PROVIDER);
  const entries = await readdir(dir).catch(() => [] as string[]);
  const versions = new Set<string>();
  for (const entry of entries) {
    // unpacked: <version>/<os>_<arch>/; packed: terraform-provider-aws_<version>_<os>_<arch>.zip
    if (existsSync(join(dir, entry, PLATFORM))) versions.add(entry);
    const packed = /^terraform-provider-aws_(.+)_([a-z0-9]+_[a-z0-9]+)\.zip$/.exec(entry);
    if (packed !== null && packed[2] === PLATFORM) versions.add(packed[1]!);
  }
  return [...versions].filter(acceptedVersion);
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** terraform on the PATH and a mirror, or why the tier cannot run. */
async function prerequisites(): Promise<
  { terraform: string; mirror: string; versions: string[] } | { skip: string }
> {
  const terraform = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'terraform'))
    .find((path) => path !== 'terraform' && existsSync(path));
  if (terraform === undefined) return { skip: 'terraform is not on the PATH' };
  const version = await run(terraform, ['version', '-json'], {
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
  });
  const found = /"terraform_version":\s*"(\d+)\.(\d+)/.exec(version.stdout);
  if (found === null) return { skip: `${terraform} version -json gave no version` };
  const [major, minor] = [Number(found[1]), Number(found[2])];
  if (major < TERRAFORM_MIN[0] || (major === TERRAFORM_MIN[0] && minor < TERRAFORM_MIN[1])) {
    return { skip: `terraform ${major}.${minor} is older than 1.7 (mock providers)` };
  }
  const roots = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : MIRROR_ROOTS;
  for (const root of roots) {
    const versions = await mirroredVersions(root);
    if (versions.length > 0) return { terraform, mirror: root, versions };
  }
  return {
    skip: `no provider mirror with ${PROVIDER} >= 5.100, < 7.0 for ${PLATFORM} in ${
      process.env.TF_PROVIDER_MIRROR
        ? `TF_PROVIDER_MIRROR=${process.env.TF_PROVIDER_MIRROR}`
        : roots.join(', ')
    }`,
  };
}

const found = await prerequisites();
if ('skip' in found) console.log(`terraform tier skipped: ${found.skip}`);

describe.skipIf('skip' in found)('terraform (validate and test, offline)', () => {
  const { terraform, mirror } = found as { terraform: string; mirror: string; versions: string[] };
  let work: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  // What the repository's terraform/ holds from a developer's own init (never this tier's).
  const repoState = () =>
    ['.terraform', '.terraform.lock.hcl', 'terraform.tfstate.d'].map((name) =>
      existsSync(join(REPO, 'terraform', name)),
    );
  const repoStateBefore = repoState();
  const tf = (args: string[], extra: { env?: NodeJS.ProcessEnv; input?: string } = {}) =>
    run(terraform, args, { cwd: dir, env: { ...env, ...extra.env }, input: extra.input });

  beforeAll(async () => {
    // The configuration and the one file it reads from outside terraform/, at the same places.
    work = await mkdtemp(join(tmpdir(), 'terraform-tier-'));
    dir = join(work, 'terraform');
    await cp(join(REPO, 'terraform'), dir, {
      recursive: true,
      filter: (source) =>
        !/[/\\](\.terraform|terraform\.tfstate\.d)([/\\]|$)|\.terraform\.lock\.hcl$|\.tfstate(\.backup)?$/.test(
          source,
        ),
    });
    // The workspace guard's own test file, written into the copy only: it must run in another
    // target's workspace (TF_WORKSPACE below), which terraform/tests/ cannot select itself.
    const plan = await readFile(join(dir, 'tests/plan.tftest.hcl'), 'utf8');
    await writeFile(
      join(dir, 'tests/guard.tftest.hcl'),
      `${plan.slice(0, plan.indexOf('run "')).replace('workspace_guard = false', 'workspace_guard = true')}${GUARD_RUNS}`,
    );
    await mkdir(join(work, 'src/aws'), { recursive: true });
    await cp(join(REPO, 'src/aws/keyRules.json'), join(work, 'src/aws/keyRules.json'));
    const cliConfig = join(work, 'terraform.rc');
    await writeFile(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
    );
    env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('TF_')),
    );
    Object.assign(env, {
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
    });
  });

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('reports every file as canonically formatted (fmt -check -recursive)', async () => {
    // Act
    const result = await tf(['fmt', '-check', '-recursive', '-list=true', '-no-color']);

    // Assess
    expect(result.stdout, 'files terraform fmt would change').toBe('');
    expect(result.code).toBe(0);
  });

  it('initializes from the mirror alone (init -backend=false)', { timeout: 60_000 }, async () => {
    // Act
    const result = await tf(['init', '-backend=false', '-input=false', '-no-color']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Installing hashicorp\/aws v(5\.\d+|6\.\d+)\.\d+/);
  });

  it('validates the configuration with no error or warning', { timeout: 60_000 }, async () => {
    // Act
    const result = await tf(['validate', '-json', '-no-color']);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      diagnostics: Array<{ severity: string; summary: string }>;
    };

    // Assess
    expect(report.diagnostics.map((d) => `${d.severity}: ${d.summary}`)).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('evaluates prefixes and suffixes from src/aws/keyRules.json', {
    timeout: 60_000,
  }, async () => {
    // Act
    const result = await tf(['console', '-var', 'environment=aws', '-no-color'], {
      input:
        'jsonencode({ upload = local.upload_prefix, processed = local.processed_prefix, suffixes = local.csv_suffixes })\n',
    });
    const values = JSON.parse(JSON.parse(result.stdout.trim())) as Record<string, unknown>;

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(values).toEqual({
      upload: KEY_RULES.uploadPrefix,
      processed: KEY_RULES.processedPrefix,
      suffixes: KEY_RULES.csvSuffixes,
    });
  });

  it('passes terraform test for both targets in another target workspace, whose guard still refuses a plan', {
    timeout: 120_000,
  }, async () => {
    // Act: `ingest deploy --env localstack` leaves the localstack workspace selected.
    const result = await tf(['test', '-no-color'], { env: { TF_WORKSPACE: 'localstack' } });

    // Assess
    expect(result.stdout).toMatch(/run "localstack"\.\.\. pass/);
    expect(result.stdout).toMatch(/run "learner_lab"\.\.\. pass/);
    expect(result.stdout).toMatch(/run "another_targets_workspace_is_refused"\.\.\. pass/);
    expect(result.stdout).toMatch(/run "the_targets_own_workspace_is_accepted"\.\.\. pass/);
    expect(result.stdout).toMatch(/Success! \d+ passed, 0 failed\./);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('writes nothing into the repository (no .terraform, no lock file, no state)', () => {
    expect(repoState()).toEqual(repoStateBefore);
  });
});
