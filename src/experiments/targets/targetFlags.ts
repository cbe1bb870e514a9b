import { CodedError } from '../../shared/errors.js';
import { awsRequestError } from '../awsErrors.js';
import { TargetKind } from '../constants.js';
import { EXIT_FAILED, EXIT_UNAVAILABLE, exitCodeFor } from '../exitCodes.js';
import { openTarget } from './openTarget.js';

export { EXIT_FAILED, EXIT_UNAVAILABLE, exitCodeFor };

import type { Target } from './Target.js';

/** Command-line flags that choose and reach a target. */
export interface TargetFlags {
  env: TargetKind;
  connect?: boolean;
  bundle?: string;
  dataDir?: string;
  port?: string;
}

/** Opens the target the flags name. */
export async function targetFromFlags(flags: TargetFlags): Promise<Target> {
  return openTarget(flags.env, {
    connect: flags.connect === true,
    local: {
      ...(flags.bundle === undefined ? {} : { bundlePath: flags.bundle }),
      ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
      ...(flags.port === undefined ? {} : { port: Number(flags.port) }),
    },
  });
}

/**
 * Prints one of the project's errors (a CodedError: the experiments', the deploy layer's
 * NotDeployedError, NotConfirmedError), or an AWS SDK failure, as `error CODE: message` and its
 * hint on the next line, and returns the exit code; rethrows anything else.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream = process.stderr,
): number {
  const known = error instanceof CodedError ? error : awsRequestError(error);
  if (known === undefined) throw error;
  stderr.write(`error ${known.code}: ${known.message}\n`);
  if (known.hint !== undefined) stderr.write(`${known.hint}\n`);
  return exitCodeFor(known.code);
}

/** All target kinds, for `--env` choices. */
export const TARGET_CHOICES = Object.values(TargetKind);
