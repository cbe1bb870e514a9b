import { ExperimentErrorCode } from './errors.js';

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
