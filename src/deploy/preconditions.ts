import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  LAB_ROLE_NAME,
  LAMBDA_ZIP,
  LOCALSTACK_HEALTH_PATH,
  LOCALSTACK_SERVICES,
  TERRAFORM_DIR,
} from './constants.js';
import {
  AwsCredentialsError,
  BuildFailedError,
  LocalStackUnavailableError,
  ToolNotFoundError,
} from './errors.js';
import { findExecutable, runCommand } from './process.js';
import type { DeployContext, Env } from './types.js';

/** The path of terraform on PATH; throws with install instructions when missing. */
export async function requireTerraform(env: Env): Promise<string> {
  const terraform = await findExecutable('terraform', env);
  if (terraform === undefined) {
    throw new ToolNotFoundError(
      'terraform',
      'install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)',
    );
  }
  return terraform;
}

/**
 * Builds dist/lambda.zip with `npm run build`, always: the zip is deterministic (fixed times and
 * attributes, src/build/lambdaBundle.ts), so an unchanged source gives the same bytes and Terraform sees
 * no change, while a changed source is never deployed as the old bundle.
 */
export async function buildLambdaZip(ctx: DeployContext): Promise<string> {
  const zip = join(ctx.rootDir, LAMBDA_ZIP);
  ctx.log(`Building ${LAMBDA_ZIP} (npm run build)`);
  const npm = await findExecutable('npm', ctx.env);
  if (npm === undefined)
    throw new ToolNotFoundError('npm', 'install Node.js >= 22.12, then run npm ci');
  const result = await runCommand(npm, ['run', 'build'], {
    cwd: ctx.rootDir,
    env: ctx.env,
    stdio: ctx.stdio,
  });
  if (result.code !== 0)
    throw new BuildFailedError(
      `npm run build exited with ${result.code}; fix the build, then retry`,
    );
  if (!(await exists(zip)))
    throw new BuildFailedError(`npm run build succeeded but did not write ${LAMBDA_ZIP}`);
  return zip;
}

/**
 * Makes sure dist/lambda.zip exists, building it only when it is missing: `ingest destroy` needs
 * the file (Terraform hashes it while planning) but ships no code.
 */
export async function ensureLambdaZip(ctx: DeployContext): Promise<string> {
  const zip = join(ctx.rootDir, LAMBDA_ZIP);
  if (await exists(zip)) return zip;
  return buildLambdaZip(ctx);
}

/**
 * The LocalStack edge URL Terraform uses: `localstack_endpoint` of terraform/localstack.tfvars,
 * which is also the `endpoint_url` output the clients use (terraform/outputs.tf).
 */
export async function localStackEndpoint(rootDir: string): Promise<string> {
  const path = join(rootDir, TERRAFORM_DIR, 'localstack.tfvars');
  const text = await readFile(path, 'utf8').catch(() => '');
  const endpoint = /^\s*localstack_endpoint\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  if (endpoint === undefined) {
    throw new LocalStackUnavailableError(
      `${TERRAFORM_DIR}/localstack.tfvars sets no localstack_endpoint: set it to LocalStack's edge URL (e.g. http://localhost:4566)`,
    );
  }
  return endpoint;
}

/** LocalStack's health URL under an edge URL. */
export function localStackHealthUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}${LOCALSTACK_HEALTH_PATH}`;
}

/** Checks that LocalStack answers its health endpoint with every service the stack uses. */
export async function checkLocalStack(healthUrl: string): Promise<void> {
  let body: unknown;
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.json();
  } catch (error) {
    throw new LocalStackUnavailableError(
      `LocalStack is not answering at ${healthUrl} (${(error as Error).message}): start it with make localstack-up`,
      { cause: error },
    );
  }
  const services = ((body as { services?: Record<string, string> }).services ?? {}) as Record<
    string,
    string
  >;
  const missing = LOCALSTACK_SERVICES.filter(
    (s) => !['available', 'running'].includes(services[s] ?? ''),
  );
  if (missing.length > 0) {
    throw new LocalStackUnavailableError(
      `LocalStack is up but these services are not available: ${missing.join(', ')}; check SERVICES in docker-compose.yml and restart with make localstack-down localstack-up`,
    );
  }
}

/** What the AWS credential check found. */
export interface AwsIdentity {
  /** False when the aws CLI is missing and nothing could be checked. */
  checked: boolean;
  account?: string;
  arn?: string;
  /** True when the role LabRole exists, or may not be read (AWS Academy Learner Lab). */
  labRole: boolean;
  /** True when `iam:GetRole` was denied, so `labRoleArn` was built from the caller identity. */
  labRoleDenied?: boolean;
  /** ARN of LabRole: from GetRole, or built from the caller identity when GetRole is denied. */
  labRoleArn?: string;
}

/**
 * The ARN of a role of the caller's account, built from the caller's ARN as
 * `arn:<partition>:iam::<account>:role/<name>`: the partition is the ARN's second field (`aws`,
 * `aws-cn`, `aws-us-gov`), IAM ARNs have no region, and role/<name> is the form of a role with
 * the default path `/` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
export function roleArnFromCaller(callerArn: string, account: string, roleName: string): string {
  const partition = callerArn.split(':')[1];
  if (!callerArn.startsWith('arn:') || !partition) {
    throw new AwsCredentialsError(`aws sts get-caller-identity returned no ARN ("${callerArn}")`);
  }
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

/**
 * Verifies AWS credentials with `aws sts get-caller-identity` and detects the Learner Lab
 * LabRole with `aws iam get-role`. When GetRole is denied (AccessDenied), LabRole is assumed and
 * its ARN built from the caller identity; NoSuchEntity means there is no LabRole. Without the
 * aws CLI it reports that nothing was checked.
 */
export async function checkAwsCredentials(ctx: DeployContext, env: Env): Promise<AwsIdentity> {
  const aws = await findExecutable('aws', env);
  if (aws === undefined) {
    ctx.log(
      'aws CLI not found: cannot verify credentials or detect the Learner Lab LabRole; Terraform will check the credentials itself. On Learner Lab pass --lab-role.',
    );
    return { checked: false, labRole: false };
  }
  const options = { cwd: ctx.rootDir, env, stdio: 'pipe' as const };
  const identity = await runCommand(
    aws,
    ['sts', 'get-caller-identity', '--output', 'json'],
    options,
  );
  if (identity.code !== 0) {
    const text = `${identity.stderr}${identity.stdout}`;
    if (/expired/i.test(text)) {
      throw new AwsCredentialsError(
        "AWS credentials have expired: refresh them (Learner Lab: Start Lab, then copy 'AWS Details > AWS CLI' into ~/.aws/credentials)",
      );
    }
    throw new AwsCredentialsError(
      `no valid AWS credentials (aws sts get-caller-identity: ${text.trim() || `exit ${identity.code}`}): run aws configure, set AWS_PROFILE, or paste Learner Lab credentials into ~/.aws/credentials`,
    );
  }
  const parsed = JSON.parse(identity.stdout) as { Account?: string; Arn?: string };
  const found = { checked: true, account: parsed.Account, arn: parsed.Arn };
  const role = await runCommand(
    aws,
    ['iam', 'get-role', '--role-name', LAB_ROLE_NAME, '--output', 'json'],
    options,
  );
  if (role.code === 0) {
    const arn = (JSON.parse(role.stdout || '{}') as { Role?: { Arn?: string } }).Role?.Arn;
    return { ...found, labRole: true, ...(arn === undefined ? {} : { labRoleArn: arn }) };
  }
  // The CLI prints "An error occurred (AccessDenied) when calling the GetRole operation: ... is
  // not authorized to perform: iam:GetRole ..."; a missing role reads (NoSuchEntity).
  if (/\(AccessDenied(Exception)?\)|not authorized to perform/i.test(role.stderr)) {
    if (parsed.Arn === undefined || parsed.Account === undefined)
      return { ...found, labRole: false };
    return {
      ...found,
      labRole: true,
      labRoleDenied: true,
      labRoleArn: roleArnFromCaller(parsed.Arn, parsed.Account, LAB_ROLE_NAME),
    };
  }
  return { ...found, labRole: false };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
