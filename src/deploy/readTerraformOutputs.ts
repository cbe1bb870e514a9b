import { type DeployTarget, REQUIRED_OUTPUTS, TARGETS } from './constants.js';
import { BadOutputsError, NotDeployedError, TerraformFailedError } from './errors.js';
import { requireTerraform } from './preconditions.js';
import { runCommand } from './process.js';
import { outputArgs, terraformEnv } from './terraformCommand.js';
import type { Env, TerraformOutputs } from './types.js';

/** Validates `terraform output -json` text into typed outputs. */
export function parseTerraformOutputs(target: DeployTarget, json: string): TerraformOutputs {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new BadOutputsError(
      `terraform output -json printed invalid JSON: ${(error as Error).message}`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadOutputsError('terraform output -json did not print an object');
  }
  const entries = raw as Record<string, { value?: unknown } | undefined>;
  if (Object.keys(entries).length === 0) throw NotDeployedError.forTarget(target);
  const values: Record<string, string | undefined> = {};
  for (const [name, entry] of Object.entries(entries)) {
    const value = entry?.value;
    if (typeof value === 'string') values[name] = value;
  }
  const missing = REQUIRED_OUTPUTS.filter(
    (name) => values[name] === undefined || values[name] === '',
  );
  if (missing.length > 0) {
    throw new BadOutputsError(
      `terraform outputs of "${target}" lack ${missing.join(', ')}: re-run ingest deploy --env ${target}`,
    );
  }
  const environment = values.environment;
  if (environment !== target || !Object.values(TARGETS).includes(environment)) {
    throw new BadOutputsError(`the "${target}" state belongs to environment "${environment}"`);
  }
  return {
    bucket: values.bucket!,
    upload_prefix: values.upload_prefix!,
    processed_prefix: values.processed_prefix!,
    table: values.table!,
    function_name: values.function_name!,
    failure_function_name: values.failure_function_name!,
    dlq_url: values.dlq_url!,
    failures_queue_url: values.failures_queue_url!,
    dashboard: values.dashboard!,
    region: values.region!,
    environment,
    ...(values.endpoint_url === undefined ? {} : { endpoint_url: values.endpoint_url }),
    ...(values.log_group === undefined ? {} : { log_group: values.log_group }),
    ...(values.failure_log_group === undefined
      ? {}
      : { failure_log_group: values.failure_log_group }),
    ...(values.fanout_table === undefined ? {} : { fanout_table: values.fanout_table }),
    ...(values.parts_prefix === undefined ? {} : { parts_prefix: values.parts_prefix }),
  };
}

/**
 * The outputs of a deployed environment: runs `terraform -chdir=terraform output -json` in the
 * target's workspace. Throws NotDeployedError when it has no state.
 * @example const { bucket, region } = await readTerraformOutputs('localstack');
 */
export async function readTerraformOutputs(
  target: DeployTarget,
  options: { rootDir?: string; env?: Env } = {},
): Promise<TerraformOutputs> {
  const base = options.env ?? process.env;
  const terraform = await requireTerraform(base);
  const args = outputArgs();
  const result = await runCommand(terraform, args, {
    cwd: options.rootDir ?? process.cwd(),
    env: terraformEnv(target, base),
    stdio: 'pipe',
  });
  if (result.code !== 0) {
    if (
      /workspace .* does(n't| not) exist|no outputs found|state file .* empty/i.test(result.stderr)
    ) {
      throw NotDeployedError.forTarget(target);
    }
    throw new TerraformFailedError(args, result.code, result.stderr.trim());
  }
  return parseTerraformOutputs(target, result.stdout);
}
