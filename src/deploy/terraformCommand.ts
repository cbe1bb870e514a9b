import { type DeployTarget, ENDPOINT_VARIABLES, TERRAFORM_DIR } from './constants.js';
import type { Env } from './types.js';

/** Extra `-var` settings on top of `<target>.tfvars`. */
export type TerraformVars = Record<string, string | number | boolean>;

/**
 * The environment terraform runs with for a target. LocalStack: test credentials, no profile,
 * no shared config or credentials files. AWS: the user's credentials chain. Both: no
 * AWS_ENDPOINT_URL* (which would redirect the provider) and, unless `workspace` is false,
 * TF_WORKSPACE selecting the target's state.
 */
export function terraformEnv(target: DeployTarget, base: Env, workspace = true): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(base)) {
    if (!ENDPOINT_VARIABLES.test(key) && key !== 'TF_WORKSPACE') env[key] = value;
  }
  env.TF_IN_AUTOMATION = '1';
  env.CHECKPOINT_DISABLE ??= '1';
  if (workspace) env.TF_WORKSPACE = target;
  if (target === 'localstack') {
    env.AWS_ACCESS_KEY_ID = 'test';
    env.AWS_SECRET_ACCESS_KEY = 'test';
    env.AWS_REGION = 'us-east-1';
    env.AWS_DEFAULT_REGION = 'us-east-1';
    env.AWS_CONFIG_FILE = '/dev/null';
    env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
    delete env.AWS_DEFAULT_PROFILE;
  }
  return env;
}

function chdir(): string {
  return `-chdir=${TERRAFORM_DIR}`;
}

function varArgs(target: DeployTarget, vars: TerraformVars): string[] {
  return [
    `-var-file=${target}.tfvars`,
    ...Object.entries(vars).map(([k, v]) => `-var=${k}=${String(v)}`),
  ];
}

/** `terraform init`. */
export function initArgs(): string[] {
  return [chdir(), 'init', '-input=false'];
}

/** Selects (creating if needed) the target's workspace, which holds its state. */
export function workspaceArgs(target: DeployTarget): string[] {
  return [chdir(), 'workspace', 'select', '-or-create=true', target];
}

/** `terraform apply` for a target; without auto-approve terraform asks for confirmation. */
export function applyArgs(
  target: DeployTarget,
  options: { autoApprove: boolean; vars?: TerraformVars; targets?: readonly string[] },
): string[] {
  return [
    chdir(),
    'apply',
    ...(options.autoApprove ? ['-auto-approve', '-input=false'] : []),
    ...varArgs(target, options.vars ?? {}),
    ...(options.targets ?? []).map((t) => `-target=${t}`),
  ];
}

/** `terraform destroy` for a target; with `targets`, only those resources and their dependents. */
export function destroyArgs(
  target: DeployTarget,
  options: { autoApprove: boolean; vars?: TerraformVars; targets?: readonly string[] },
): string[] {
  return [
    chdir(),
    'destroy',
    ...(options.autoApprove ? ['-auto-approve', '-input=false'] : []),
    ...varArgs(target, options.vars ?? {}),
    ...(options.targets ?? []).map((t) => `-target=${t}`),
  ];
}

/** `terraform output -json` (the workspace comes from TF_WORKSPACE). */
export function outputArgs(): string[] {
  return [chdir(), 'output', '-json'];
}
