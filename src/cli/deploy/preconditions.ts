import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_ROLE_NAME, LAMBDA_ZIP, LOCALSTACK_SERVICES } from './constants.js';
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

/** Makes sure dist/lambda.zip exists, running `npm run build` when it does not. */
export async function ensureLambdaZip(ctx: DeployContext): Promise<string> {
  const zip = join(ctx.rootDir, LAMBDA_ZIP);
  if (await exists(zip)) return zip;
  ctx.log(`${LAMBDA_ZIP} not found: running npm run build`);
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
  /** True when the role LabRole exists (AWS Academy Learner Lab). */
  labRole: boolean;
}

/**
 * Verifies AWS credentials with `aws sts get-caller-identity` and detects the Learner Lab
 * LabRole with `aws iam get-role`. Without the aws CLI it reports that nothing was checked.
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
  const role = await runCommand(
    aws,
    ['iam', 'get-role', '--role-name', LAB_ROLE_NAME, '--output', 'json'],
    options,
  );
  return { checked: true, account: parsed.Account, arn: parsed.Arn, labRole: role.code === 0 };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
