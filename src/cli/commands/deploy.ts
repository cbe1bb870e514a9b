import { type Command, Option } from 'commander';
import {
  type DeployOptions,
  type DeployTarget,
  runDeploy,
  runDestroy,
  TARGETS,
} from '../../deploy/index.js';
import { CodedError } from '../../shared/errors.js';

export { readTerraformOutputs } from '../../deploy/index.js';

interface DeployFlags {
  env: DeployTarget;
  autoApprove?: boolean;
  labRole?: boolean;
}

/** Exit code of a failed deploy or destroy (any deploy error; see `exitCodeFor` for the rest). */
export const EXIT_DEPLOY_ERROR = 1;

function envOption(): Option {
  return new Option('--env <target>', 'deployment target')
    .choices(Object.values(TARGETS))
    .makeOptionMandatory();
}

async function run(
  action: (options: DeployOptions) => Promise<void>,
  flags: DeployFlags,
): Promise<void> {
  try {
    await action({
      target: flags.env,
      autoApprove: flags.autoApprove === true,
      labRole: flags.labRole === true,
    });
  } catch (error) {
    // Deploy's own errors and a destroy not confirmed; anything else goes to cli/main.ts.
    if (!(error instanceof CodedError)) throw error;
    process.stderr.write(`error ${error.code}: ${error.message}\n`);
    process.exitCode = EXIT_DEPLOY_ERROR;
  }
}

/** `ingest deploy --env localstack|aws` and `ingest destroy --env localstack|aws` (Terraform). */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description(
      'Check the target, build the Lambda bundle and deploy the stack with Terraform (one workspace per target)',
    )
    .addOption(envOption())
    .option('--auto-approve', 'apply without asking for confirmation')
    .option(
      '--lab-role',
      'use the existing LabRole (AWS Academy Learner Lab) even if it cannot be detected',
    )
    .action((flags: DeployFlags) => run((options) => runDeploy(options), flags));

  program
    .command('destroy')
    .description(
      'Destroy a deployed stack: the trigger and functions first, then the emptied bucket (all versions) and the rest',
    )
    .addOption(envOption())
    .option('--auto-approve', 'destroy without asking for confirmation')
    .option('--lab-role', 'the stack was deployed with the LabRole (AWS Academy Learner Lab)')
    .action((flags: DeployFlags) => run((options) => runDestroy(options), flags));
}
