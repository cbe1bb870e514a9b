import { createInterface } from 'node:readline/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { NotConfirmedError } from '../shared/errors.js';
import { awsClientConfig } from './awsClientConfig.js';
import { DESTROY_ATTEMPTS, type DeployTarget, WRITERS_FIRST_TARGETS } from './constants.js';
import { emptyBucket } from './emptyBucket.js';
import { NotDeployedError, TerraformFailedError } from './errors.js';
import {
  buildLambdaZip,
  checkAwsCredentials,
  checkLocalStack,
  ensureLambdaZip,
  localStackEndpoint,
  localStackHealthUrl,
  requireTerraform,
} from './preconditions.js';
import { runCommand } from './process.js';
import { readTerraformOutputs } from './readTerraformOutputs.js';
import {
  applyArgs,
  destroyArgs,
  initArgs,
  type TerraformVars,
  terraformEnv,
  workspaceArgs,
} from './terraformCommand.js';
import type { DeployContext, TerraformOutputs } from './types.js';

/** Options of `ingest deploy` / `ingest destroy`. */
export interface DeployOptions {
  target: DeployTarget;
  autoApprove: boolean;
  /** Force use_lab_role=true (Learner Lab) even when LabRole cannot be detected. */
  labRole?: boolean;
}

/** Hooks the destroy command uses; tests replace them. */
export interface DestroyHooks {
  /** Asks the question; true when the user typed `expected`. */
  confirm: (question: string, expected: string) => Promise<boolean>;
  /** Deletes every object version and delete marker, verified; resolves to the number deleted. */
  emptyBucket: (outputs: TerraformOutputs) => Promise<number>;
}

/** A context with defaults for everything not given. */
export function deployContext(partial: Partial<DeployContext> = {}): DeployContext {
  return {
    rootDir: partial.rootDir ?? process.cwd(),
    env: partial.env ?? process.env,
    stdio: partial.stdio ?? 'inherit',
    ...(partial.healthUrl === undefined ? {} : { healthUrl: partial.healthUrl }),
    log: partial.log ?? ((message) => process.stderr.write(`${message}\n`)),
  };
}

async function terraform(
  ctx: DeployContext,
  bin: string,
  args: string[],
  target: DeployTarget,
  workspace = true,
) {
  ctx.log(`$ terraform ${args.join(' ')}`);
  const result = await runCommand(bin, args, {
    cwd: ctx.rootDir,
    env: terraformEnv(target, ctx.env, workspace),
    stdio: ctx.stdio,
  });
  if (result.code !== 0) throw new TerraformFailedError(args, result.code, result.stderr.trim());
}

/**
 * Checks the target's preconditions and returns the -var settings it needs. LocalStack: its
 * health at the endpoint Terraform will use. AWS: the credentials, and LabRole (Learner Lab);
 * when iam:GetRole is denied, the role's ARN built from the caller identity goes to Terraform
 * as `lab_role_arn`, since Terraform could not read the role either.
 */
async function prepare(ctx: DeployContext, options: DeployOptions): Promise<TerraformVars> {
  if (options.target === 'localstack') {
    await checkLocalStack(
      ctx.healthUrl ?? localStackHealthUrl(await localStackEndpoint(ctx.rootDir)),
    );
    return {};
  }
  const identity = await checkAwsCredentials(ctx, terraformEnv('aws', ctx.env, false));
  if (identity.checked) ctx.log(`AWS account ${identity.account ?? '?'} as ${identity.arn ?? '?'}`);
  const labRole = options.labRole === true || identity.labRole;
  if (identity.labRoleDenied) {
    ctx.log(
      `iam:GetRole is denied: using ${identity.labRoleArn} (built from the caller identity), creating no IAM roles`,
    );
    return { use_lab_role: true, lab_role_arn: identity.labRoleArn! };
  }
  if (labRole) ctx.log('LabRole found (AWS Academy Learner Lab): using it, creating no IAM roles');
  return { use_lab_role: labRole };
}

/**
 * `ingest deploy`: checks terraform and the target (LocalStack health, or AWS credentials and
 * LabRole) first, then builds the bundle (always: the zip is deterministic, so an unchanged
 * source means no change to apply), then init, workspace, apply.
 */
export async function runDeploy(
  options: DeployOptions,
  ctx: DeployContext = deployContext(),
): Promise<void> {
  const bin = await requireTerraform(ctx.env);
  const vars = await prepare(ctx, options);
  await buildLambdaZip(ctx);
  await terraform(ctx, bin, initArgs(), options.target, false);
  await terraform(ctx, bin, workspaceArgs(options.target), options.target, false);
  await terraform(
    ctx,
    bin,
    applyArgs(options.target, { autoApprove: options.autoApprove, vars }),
    options.target,
  );
  ctx.log(
    `Deployed ${options.target}. Outputs: terraform -chdir=terraform output (workspace ${options.target})`,
  );
}

/**
 * `ingest destroy`, after confirmation:
 * 1. on AWS, lifts the table's deletion protection (a targeted apply);
 * 2. destroys the S3 trigger and both functions, so that no retry or late event writes to the
 *    bucket any more;
 * 3. empties the bucket (every version and delete marker) and verifies that it is empty;
 * 4. destroys the rest. If a client's upload lands between 3 and 4, the bucket's deletion fails
 *    (BucketNotEmpty): the bucket is emptied again and the destroy retried, at most
 *    DESTROY_ATTEMPTS times. No Terraform change is needed (force_destroy stays as configured).
 */
export async function runDestroy(
  options: DeployOptions,
  ctx: DeployContext = deployContext(),
  hooks: DestroyHooks = defaultDestroyHooks(ctx),
): Promise<void> {
  const bin = await requireTerraform(ctx.env);
  const vars = await prepare(ctx, options);
  await ensureLambdaZip(ctx);
  await terraform(ctx, bin, initArgs(), options.target, false);
  let outputs: TerraformOutputs;
  try {
    outputs = await readTerraformOutputs(options.target, { rootDir: ctx.rootDir, env: ctx.env });
  } catch (error) {
    if (error instanceof NotDeployedError) {
      ctx.log(`Nothing to destroy: ${error.message}`);
      return;
    }
    throw error;
  }
  if (!options.autoApprove) {
    const what = `bucket ${outputs.bucket} (all objects), table ${outputs.table}, functions, queues, dashboard`;
    if (
      !(await hooks.confirm(
        `Destroy ${options.target}: ${what}? Type "${options.target}" to confirm: `,
        options.target,
      ))
    ) {
      throw new NotConfirmedError(
        `destroy of "${options.target}" not confirmed; nothing was changed`,
      );
    }
  }
  if (options.target === 'aws') {
    await terraform(
      ctx,
      bin,
      applyArgs('aws', {
        autoApprove: true,
        vars: { ...vars, dynamodb_deletion_protection: false },
        targets: ['module.dynamodb.aws_dynamodb_table.this'],
      }),
      'aws',
    );
  }
  ctx.log('Removing the S3 trigger and the functions first, so nothing writes to the bucket');
  await terraform(
    ctx,
    bin,
    destroyArgs(options.target, { autoApprove: true, vars, targets: WRITERS_FIRST_TARGETS }),
    options.target,
  );
  ctx.log(`Emptying bucket ${outputs.bucket} (all versions and delete markers)`);
  ctx.log(`Deleted ${await hooks.emptyBucket(outputs)} object version(s); the bucket is empty`);
  for (let attempt = 1; ; attempt++) {
    try {
      await terraform(
        ctx,
        bin,
        destroyArgs(options.target, { autoApprove: true, vars }),
        options.target,
      );
      break;
    } catch (error) {
      if (!(error instanceof TerraformFailedError) || attempt >= DESTROY_ATTEMPTS) throw error;
      // Only a bucket that filled again is worth a retry; anything else is the real failure.
      const late = await hooks.emptyBucket(outputs).catch(() => 0);
      if (late === 0) throw error;
      ctx.log(`Deleted ${late} object version(s) uploaded during the destroy; destroying again`);
    }
  }
  ctx.log(`Destroyed ${options.target}.`);
}

function defaultDestroyHooks(ctx: DeployContext): DestroyHooks {
  return {
    confirm: async (question, expected) => {
      if (!process.stdin.isTTY) {
        ctx.log('No terminal to confirm on: pass --auto-approve to destroy non-interactively');
        return false;
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return (await rl.question(question)).trim() === expected;
      } finally {
        rl.close();
      }
    },
    emptyBucket: async (outputs) => {
      const client = new S3Client({
        ...awsClientConfig(outputs.environment, outputs.region, outputs.endpoint_url),
        forcePathStyle: outputs.environment === 'localstack',
      });
      try {
        return await emptyBucket(client, outputs.bucket);
      } finally {
        client.destroy();
      }
    },
  };
}
