import { awsRequestError } from '../awsErrors.js';
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

/** Exit code of a failed check, experiment or request (and of every other error code). */
export const EXIT_FAILED = 1;
/** Exit code when the target is not reachable or not deployed. */
export const EXIT_UNAVAILABLE = 2;

/**
 * The exit code of an error code, for every command: 2 when the target cannot be used
 * (TARGET_UNREACHABLE, NOT_DEPLOYED), else 1. (`ingest deploy`/`destroy` exit 1 on their own
 * errors; `ingest profile` exits 2 for a file that cannot be profiled.)
 */
export function exitCodeFor(code: string): number {
  return code === ExperimentErrorCode.TARGET_UNREACHABLE ||
    code === ExperimentErrorCode.NOT_DEPLOYED
    ? EXIT_UNAVAILABLE
    : EXIT_FAILED;
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
 * Prints an experiment error, or an AWS SDK failure, as `error CODE: message` and its hint on
 * the next line, and returns the exit code; rethrows anything else.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream = process.stderr,
): number {
  const known = isExperimentError(error) ? error : awsRequestError(error);
  if (known === undefined) throw error;
  stderr.write(`error ${known.code}: ${known.message}\n`);
  if (known.hint !== undefined) stderr.write(`${known.hint}\n`);
  return exitCodeFor(known.code);
}

/** All target kinds, for `--env` choices. */
export const TARGET_CHOICES = Object.values(TargetKind);
