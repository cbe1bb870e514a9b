import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerDeploy } from '../../src/cli/commands/deploy.js';
import {
  AwsCredentialsError,
  BadOutputsError,
  type DeployContext,
  deployContext,
  LOCALSTACK_SERVICES,
  LocalStackUnavailableError,
  NotDeployedError,
  parseTerraformOutputs,
  readTerraformOutputs,
  roleArnFromCaller,
  runDeploy,
  runDestroy,
  TerraformFailedError,
  ToolNotFoundError,
  WRITERS_FIRST_TARGETS,
} from '../../src/deploy/index.js';
import { NotConfirmedError } from '../../src/shared/errors.js';

// Fake executables placed first on PATH: they log their argv and the environment variables the
// deploy command is responsible for, so the real spawn path is exercised without terraform/AWS.
const FAKE_TERRAFORM = `#!/bin/sh
{
  printf 'ARGS %s\\n' "$*"
  printf 'ENV TF_WORKSPACE=%s AWS_ACCESS_KEY_ID=%s AWS_PROFILE=%s AWS_SESSION_TOKEN=%s AWS_ENDPOINT_URL=%s AWS_CONFIG_FILE=%s\\n' \\
    "\${TF_WORKSPACE-<unset>}" "\${AWS_ACCESS_KEY_ID-<unset>}" "\${AWS_PROFILE-<unset>}" \\
    "\${AWS_SESSION_TOKEN-<unset>}" "\${AWS_ENDPOINT_URL-<unset>}" "\${AWS_CONFIG_FILE-<unset>}"
} >> "$FAKE_LOG"
case "$*" in
  *" output -json"*) cat "$FAKE_OUTPUTS" ;;
  *" destroy "*-target=*) ;;
  *" destroy "*)
    # FAKE_FAIL_DESTROY names a flag file: the first full destroy fails as a refilled bucket would.
    if [ -n "$FAKE_FAIL_DESTROY" ] && [ ! -e "$FAKE_FAIL_DESTROY" ]; then
      : > "$FAKE_FAIL_DESTROY"
      echo "Error: deleting S3 Bucket: BucketNotEmpty: The bucket you tried to delete is not empty" >&2
      exit 1
    fi ;;
esac
exit 0
`;

const FAKE_AWS = `#!/bin/sh
printf 'AWS %s\\n' "$*" >> "$FAKE_LOG"
case "$1 $2" in
  "sts get-caller-identity")
    if [ -n "$FAKE_AWS_EXPIRED" ]; then
      echo "An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired" >&2
      exit 254
    fi
    printf '{"Account":"123456789012","Arn":"%s"}\\n' "\${FAKE_CALLER_ARN:-arn:aws:sts::123456789012:assumed-role/voclabs/user1}" ;;
  "iam get-role")
    if [ -n "$FAKE_LABROLE" ]; then echo '{"Role":{"Arn":"arn:aws:iam::123456789012:role/LabRole"}}'; exit 0; fi
    if [ -n "$FAKE_LABROLE_DENIED" ]; then
      echo "An error occurred (AccessDenied) when calling the GetRole operation: User: arn:aws:sts::123456789012:assumed-role/voclabs/user1 is not authorized to perform: iam:GetRole on resource: role LabRole because no identity-based policy allows the iam:GetRole action" >&2
      exit 254
    fi
    echo "An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name LabRole cannot be found." >&2; exit 254 ;;
esac
`;

const FAKE_NPM = `#!/bin/sh
printf 'NPM %s\\n' "$*" >> "$FAKE_LOG"
mkdir -p dist && printf 'zip' > dist/lambda.zip
`;

function outputsJson(environment: string, extra: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    bucket: `csv-ingest-${environment}-0a1b2c3d`,
    table: `csv-ingest-${environment}-files`,
    function_name: `csv-ingest-${environment}-processor`,
    failure_function_name: `csv-ingest-${environment}-failures`,
    dlq_url: `https://sqs.us-east-1.amazonaws.com/123456789012/csv-ingest-${environment}-failures-dlq`,
    failures_queue_url: `https://sqs.us-east-1.amazonaws.com/123456789012/csv-ingest-${environment}-failures`,
    dashboard: `csv-ingest-${environment}`,
    region: 'us-east-1',
    environment,
    upload_prefix: 'uploads/',
    processed_prefix: 'processed/',
    ...extra,
  };
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, { sensitive: false, type: 'string', value: v }]),
    ),
  );
}

let dir: string;
let health: Server;
let healthUrl: string;
let messages: string[];

beforeAll(async () => {
  health = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        services: Object.fromEntries(LOCALSTACK_SERVICES.map((s) => [s, 'available'])),
      }),
    );
  });
  await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
  healthUrl = `http://127.0.0.1:${(health.address() as AddressInfo).port}/_localstack/health`;
});

afterAll(async () => {
  await new Promise((resolve) => health.close(resolve));
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploy-test-'));
  await mkdir(join(dir, 'bin'));
  for (const [name, text] of [
    ['terraform', FAKE_TERRAFORM],
    ['aws', FAKE_AWS],
    ['npm', FAKE_NPM],
  ] as const) {
    await writeFile(join(dir, 'bin', name), text);
    await chmod(join(dir, 'bin', name), 0o755);
  }
  await writeFile(join(dir, 'outputs.json'), outputsJson('localstack'));
  messages = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(
  extraEnv: Record<string, string | undefined> = {},
  path?: string,
  health: string | null = healthUrl,
): DeployContext {
  return deployContext({
    rootDir: dir,
    stdio: 'pipe',
    ...(health === null ? {} : { healthUrl: health }),
    log: (m) => messages.push(m),
    env: {
      PATH: path ?? `${join(dir, 'bin')}:/usr/bin:/bin`,
      HOME: dir,
      FAKE_LOG: join(dir, 'log.txt'),
      FAKE_OUTPUTS: join(dir, 'outputs.json'),
      AWS_PROFILE: 'personal',
      AWS_SESSION_TOKEN: 'user-session',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      ...extraEnv,
    },
  });
}

async function withZip(): Promise<void> {
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist/lambda.zip'), 'zip');
}

/** The logged invocations: [{ args, env }] for terraform, plus raw AWS/NPM lines. */
async function readLog(): Promise<{
  calls: { args: string; env: Record<string, string> }[];
  lines: string[];
}> {
  const lines = (await readFile(join(dir, 'log.txt'), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean);
  const calls: { args: string; env: Record<string, string> }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('ARGS ')) continue;
    const env = Object.fromEntries(
      lines[i + 1]!.slice(4)
        .split(' ')
        .map((kv) => kv.split('=') as [string, string]),
    );
    calls.push({ args: lines[i]!.slice(5), env });
  }
  return { calls, lines };
}

describe('runDeploy', () => {
  it('checks LocalStack, then builds the zip, then runs init, workspace and apply with test credentials', async () => {
    // Act
    await runDeploy({ target: 'localstack', autoApprove: true }, context());

    // Assess
    const { calls, lines } = await readLog();
    expect(lines[0]).toBe('NPM run build');
    expect(calls.map((c) => c.args)).toEqual([
      '-chdir=terraform init -input=false',
      '-chdir=terraform workspace select -or-create=true localstack',
      '-chdir=terraform apply -auto-approve -input=false -var-file=localstack.tfvars',
    ]);
    const apply = calls[2]!.env;
    expect(apply).toEqual({
      TF_WORKSPACE: 'localstack',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_PROFILE: '<unset>',
      AWS_SESSION_TOKEN: '<unset>',
      AWS_ENDPOINT_URL: '<unset>',
      AWS_CONFIG_FILE: '/dev/null',
    });
    expect(calls[1]!.env.TF_WORKSPACE).toBe('<unset>');
  });

  it('builds the bundle again although dist/lambda.zip exists, after checking the credentials', async () => {
    // Prepare: an old bundle is in place.
    await withZip();

    // Act
    await runDeploy({ target: 'aws', autoApprove: true }, context());

    // Assess: the credentials are checked first, then the build runs, then terraform.
    const { lines } = await readLog();
    expect(lines.filter((l) => !l.startsWith('ENV ')).map((l) => l.split(' ')[0])).toEqual([
      'AWS',
      'AWS',
      'NPM',
      'ARGS',
      'ARGS',
      'ARGS',
    ]);
  });

  it('checks the LocalStack endpoint of localstack.tfvars, not localhost:4566', async () => {
    // Prepare: the tfvars name the health server's port; nothing listens on 4566 here.
    await mkdir(join(dir, 'terraform'));
    const endpoint = healthUrl.replace('/_localstack/health', '');
    await writeFile(
      join(dir, 'terraform/localstack.tfvars'),
      `environment         = "localstack"\nlocalstack_endpoint = "${endpoint}"\n`,
    );

    // Act
    await runDeploy({ target: 'localstack', autoApprove: true }, context({}, undefined, null));

    // Assess
    expect((await readLog()).calls.map((c) => c.args.split(' ')[1])).toEqual([
      'init',
      'workspace',
      'apply',
    ]);
  });

  it('stops before terraform when LocalStack does not answer', async () => {
    // Prepare
    await withZip();
    const ctx = { ...context(), healthUrl: 'http://127.0.0.1:9/_localstack/health' };

    // Act
    const result = runDeploy({ target: 'localstack', autoApprove: true }, ctx);

    // Assess: nothing was built or run.
    await expect(result).rejects.toBeInstanceOf(LocalStackUnavailableError);
    await expect(result).rejects.toThrow(/make localstack-up/);
    expect((await readLog()).lines).toEqual([]);
  });

  it('reports a missing terraform with install instructions', async () => {
    // Act
    const result = runDeploy(
      { target: 'localstack', autoApprove: true },
      context({}, '/usr/bin:/bin'),
    );

    // Assess
    await expect(result).rejects.toBeInstanceOf(ToolNotFoundError);
    await expect(result).rejects.toThrow(/Terraform >= 1\.5/);
  });

  it('detects the Learner Lab LabRole on aws and keeps the user credentials, without endpoints', async () => {
    // Prepare
    await withZip();

    // Act
    await runDeploy({ target: 'aws', autoApprove: false }, context({ FAKE_LABROLE: '1' }));

    // Assess
    const { calls, lines } = await readLog();
    expect(lines.filter((l) => l.startsWith('AWS '))).toEqual([
      'AWS sts get-caller-identity --output json',
      'AWS iam get-role --role-name LabRole --output json',
    ]);
    expect(calls[2]!.args).toBe(
      '-chdir=terraform apply -var-file=aws.tfvars -var=use_lab_role=true',
    );
    expect(calls[2]!.env).toMatchObject({
      TF_WORKSPACE: 'aws',
      AWS_PROFILE: 'personal',
      AWS_SESSION_TOKEN: 'user-session',
      AWS_ENDPOINT_URL: '<unset>',
      AWS_CONFIG_FILE: '<unset>',
    });
  });

  it('passes use_lab_role=false on aws when LabRole does not exist', async () => {
    // Prepare
    await withZip();

    // Act
    await runDeploy({ target: 'aws', autoApprove: true }, context());

    // Assess
    const { calls } = await readLog();
    expect(calls[2]!.args).toBe(
      '-chdir=terraform apply -auto-approve -input=false -var-file=aws.tfvars -var=use_lab_role=false',
    );
  });

  it('uses the LabRole ARN built from the caller identity when iam:GetRole is denied', async () => {
    // Act
    await runDeploy({ target: 'aws', autoApprove: true }, context({ FAKE_LABROLE_DENIED: '1' }));

    // Assess
    const { calls } = await readLog();
    expect(calls[2]!.args).toBe(
      '-chdir=terraform apply -auto-approve -input=false -var-file=aws.tfvars -var=use_lab_role=true -var=lab_role_arn=arn:aws:iam::123456789012:role/LabRole',
    );
    expect(messages.join('\n')).toMatch(
      /iam:GetRole is denied: using arn:aws:iam::123456789012:role\/LabRole/,
    );
  });

  it("keeps the caller's partition in the built LabRole ARN", async () => {
    // Act
    await runDeploy(
      { target: 'aws', autoApprove: true },
      context({
        FAKE_LABROLE_DENIED: '1',
        FAKE_CALLER_ARN: 'arn:aws-us-gov:sts::123456789012:assumed-role/voclabs/user1',
      }),
    );

    // Assess
    const { calls } = await readLog();
    expect(calls[2]!.args).toMatch(
      /-var=lab_role_arn=arn:aws-us-gov:iam::123456789012:role\/LabRole$/,
    );
    expect(
      roleArnFromCaller('arn:aws-cn:iam::210987654321:user/x', '210987654321', 'LabRole'),
    ).toBe('arn:aws-cn:iam::210987654321:role/LabRole');
  });

  it('says that expired AWS credentials must be refreshed', async () => {
    // Prepare
    await withZip();

    // Act
    const result = runDeploy(
      { target: 'aws', autoApprove: true },
      context({ FAKE_AWS_EXPIRED: '1' }),
    );

    // Assess
    await expect(result).rejects.toBeInstanceOf(AwsCredentialsError);
    await expect(result).rejects.toThrow(/expired.*Learner Lab/);
    expect((await readLog()).calls).toEqual([]);
  });
});

describe('readTerraformOutputs', () => {
  it('returns the typed outputs of the target workspace', async () => {
    // Prepare
    await writeFile(join(dir, 'outputs.json'), outputsJson('aws', { log_group: '/aws/lambda/x' }));
    const ctx = context();

    // Act
    const outputs = await readTerraformOutputs('aws', { rootDir: dir, env: ctx.env });

    // Assess
    expect(outputs.bucket).toBe('csv-ingest-aws-0a1b2c3d');
    expect(outputs.failures_queue_url).toMatch(/csv-ingest-aws-failures$/);
    expect(outputs.log_group).toBe('/aws/lambda/x');
    expect(outputs.endpoint_url).toBeUndefined();
    const { calls } = await readLog();
    expect(calls).toEqual([expect.objectContaining({ args: '-chdir=terraform output -json' })]);
    expect(calls[0]!.env.TF_WORKSPACE).toBe('aws');
  });

  it('throws NotDeployedError for an empty state and BadOutputsError for missing outputs', () => {
    // Act
    const empty = () => parseTerraformOutputs('aws', '{}');
    const partial = () =>
      parseTerraformOutputs(
        'aws',
        JSON.stringify({ bucket: { value: 'b' }, environment: { value: 'aws' } }),
      );
    const wrongEnv = () => parseTerraformOutputs('aws', outputsJson('localstack'));

    // Assess
    expect(empty).toThrow(NotDeployedError);
    expect(partial).toThrow(BadOutputsError);
    expect(partial).toThrow(/table, function_name/);
    expect(wrongEnv).toThrow(/belongs to environment "localstack"/);
  });
});

describe('runDestroy', () => {
  const TARGETED =
    '-target=module.s3.aws_s3_bucket_notification.this -target=module.lambda.aws_lambda_function.processor -target=module.lambda.aws_lambda_function.failure_handler';

  it('removes the trigger and the functions, then empties the bucket, then destroys the rest', async () => {
    // Prepare
    await withZip();
    await writeFile(join(dir, 'outputs.json'), outputsJson('aws'));
    const emptiedAfter: string[][] = [];

    // Act
    await runDestroy({ target: 'aws', autoApprove: false }, context(), {
      confirm: async (_question, expected) => expected === 'aws',
      emptyBucket: async (outputs) => {
        emptiedAfter.push([outputs.bucket, ...(await readLog()).calls.map((c) => c.args)]);
        return 3;
      },
    });

    // Assess
    const { calls } = await readLog();
    const vars = '-var-file=aws.tfvars -var=use_lab_role=false';
    const expected = [
      '-chdir=terraform init -input=false',
      '-chdir=terraform output -json',
      `-chdir=terraform apply -auto-approve -input=false ${vars} -var=dynamodb_deletion_protection=false -target=module.dynamodb.aws_dynamodb_table.this`,
      `-chdir=terraform destroy -auto-approve -input=false ${vars} ${TARGETED}`,
      `-chdir=terraform destroy -auto-approve -input=false ${vars}`,
    ];
    expect(calls.map((c) => c.args)).toEqual(expected);
    // Emptied exactly once, after the targeted destroy and before the full one.
    expect(emptiedAfter).toEqual([['csv-ingest-aws-0a1b2c3d', ...expected.slice(0, 4)]]);
    expect(messages).toContain('Deleted 3 object version(s); the bucket is empty');
  });

  it('empties the bucket again and retries when an upload made the destroy fail', async () => {
    // Prepare: the first full destroy fails (BucketNotEmpty); a late upload is found.
    await withZip();
    const found = [0, 1];

    // Act
    await runDestroy(
      { target: 'localstack', autoApprove: true },
      context({ FAKE_FAIL_DESTROY: join(dir, 'failed-once') }),
      {
        confirm: async () => false,
        emptyBucket: async () => found.shift() ?? 0,
      },
    );

    // Assess
    const { calls } = await readLog();
    expect(calls.map((c) => c.args.replace(TARGETED, '<writers>'))).toEqual([
      '-chdir=terraform init -input=false',
      '-chdir=terraform output -json',
      '-chdir=terraform destroy -auto-approve -input=false -var-file=localstack.tfvars <writers>',
      '-chdir=terraform destroy -auto-approve -input=false -var-file=localstack.tfvars',
      '-chdir=terraform destroy -auto-approve -input=false -var-file=localstack.tfvars',
    ]);
    expect(found).toEqual([]);
    expect(messages).toContain(
      'Deleted 1 object version(s) uploaded during the destroy; destroying again',
    );
  });

  it('reports the failed destroy when the bucket stayed empty', async () => {
    // Prepare
    await withZip();

    // Act
    const result = runDestroy(
      { target: 'localstack', autoApprove: true },
      context({ FAKE_FAIL_DESTROY: join(dir, 'failed-once') }),
      { confirm: async () => false, emptyBucket: async () => 0 },
    );

    // Assess
    await expect(result).rejects.toBeInstanceOf(TerraformFailedError);
    await expect(result).rejects.toThrow(/BucketNotEmpty/);
  });

  it('changes nothing when the destroy is not confirmed', async () => {
    // Prepare
    await withZip();
    await writeFile(join(dir, 'outputs.json'), outputsJson('aws'));
    let emptied = false;

    // Act
    const result = runDestroy({ target: 'aws', autoApprove: false }, context(), {
      confirm: async () => false,
      emptyBucket: async () => {
        emptied = true;
        return 0;
      },
    });

    // Assess
    await expect(result).rejects.toBeInstanceOf(NotConfirmedError);
    expect(emptied).toBe(false);
    expect((await readLog()).calls.map((c) => c.args.split(' ')[1])).toEqual(['init', 'output']);
  });

  it('destroys only resources that the Terraform modules declare', async () => {
    // Prepare: `module.<m>.<type>.<name>` must be a module of terraform/main.tf declaring it.
    const root = new URL('../../terraform/', import.meta.url);
    const main = await readFile(new URL('main.tf', root), 'utf8');

    // Assess
    for (const address of WRITERS_FIRST_TARGETS) {
      const [, module, type, name] = /^module\.(\w+)\.(\w+)\.(\w+)$/.exec(address)!;
      expect(main).toMatch(
        new RegExp(`module "${module}" \\{\\s*source\\s*=\\s*"./modules/${module}"`),
      );
      const text = await readFile(new URL(`modules/${module}/main.tf`, root), 'utf8');
      expect(text, address).toMatch(new RegExp(`^resource "${type}" "${name}" \\{`, 'm'));
    }
  });
});

describe('registerDeploy', () => {
  it('adds deploy and destroy with a mandatory --env choice and --auto-approve', () => {
    // Prepare
    const program = new Command('ingest');

    // Act
    registerDeploy(program);

    // Assess
    for (const name of ['deploy', 'destroy']) {
      const command = program.commands.find((c) => c.name() === name)!;
      const env = command.options.find((o) => o.long === '--env')!;
      expect(env.mandatory).toBe(true);
      expect(env.argChoices).toEqual(['localstack', 'aws']);
      expect(command.options.map((o) => o.long)).toEqual(
        expect.arrayContaining(['--auto-approve', '--lab-role']),
      );
    }
  });
});
