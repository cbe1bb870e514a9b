import { TargetKind } from '../constants.js';
import { ExperimentErrorCode, isExperimentError } from '../errors.js';
import { openTarget } from './openTarget.js';
import type { Target } from './Target.js';

/** Command-line flags that choose and reach a target. */
export interface TargetFlags {
  env: TargetKind;
  connect?: boolean;
  bundle?: string;
  dataDir?: string;
  port?: string;
}

/** Exit code of a failed check or experiment. */
export const EXIT_FAILED = 1;
/** Exit code when the target is not reachable or not deployed. */
export const EXIT_UNAVAILABLE = 2;

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

/** Prints an experiment error as `error CODE: message` and returns the exit code; rethrows others. */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream = process.stderr,
): number {
  if (!isExperimentError(error)) throw error;
  stderr.write(`error ${error.code}: ${error.message}\n`);
  return error.code === ExperimentErrorCode.TARGET_UNREACHABLE ||
    error.code === ExperimentErrorCode.NOT_DEPLOYED
    ? EXIT_UNAVAILABLE
    : EXIT_FAILED;
}

/** All target kinds, for `--env` choices. */
export const TARGET_CHOICES = Object.values(TargetKind);
