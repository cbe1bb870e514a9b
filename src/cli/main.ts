import { Command, CommanderError } from 'commander';
import { awsRequestError, exitCodeFor } from '../experiments/index.js';
import { registerDeploy } from './commands/deploy.js';
import { registerExperiments } from './commands/experiments.js';
import { registerLocal } from './commands/local.js';
import { registerMetrics } from './commands/metrics.js';
import { registerProfile } from './commands/profile.js';
import { registerTest } from './commands/test.js';

/** Builds the `ingest` program with every sub-command registered. */
export function buildProgram(): Command {
  const program = new Command('ingest')
    .description('Profile CSV files and run the S3 -> Lambda -> DynamoDB ingestion pipeline')
    .showHelpAfterError()
    .exitOverride();
  registerProfile(program);
  registerDeploy(program);
  registerLocal(program);
  registerTest(program);
  registerMetrics(program);
  registerExperiments(program);
  return program;
}

/**
 * Runs the CLI; resolves to the process exit code. This is the CLI's edge: a typed error, or an
 * AWS SDK failure that no command handled, ends as one `error CODE: message` line (plus a hint
 * line) and exit 1, or 2 when the target is unreachable or not deployed; anything else is a bug
 * and keeps its stack trace.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode;
    }
    // SDK errors first: a network failure carries a Node code (ECONNREFUSED) that would
    // otherwise pass for one of ours.
    const known = awsRequestError(error) ?? error;
    const typed = describeTypedError(known);
    if (typed === null) throw error;
    process.stderr.write(`${typed}\n`);
    return exitCodeFor((known as { code: string }).code);
  }
}

/**
 * One line for the project's typed errors (a stable `code` and a message), with the cause and
 * a hint where one helps; null for anything else (a bug: let its stack trace show).
 */
export function describeTypedError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(code)) return null;
  const hint = (error as { hint?: unknown }).hint;
  if (typeof hint === 'string') return `error ${code}: ${error.message}\n${hint}`;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const causeCode = (cause as { code?: unknown } | undefined)?.code;
  let line = `error ${code}: ${error.message}`;
  if (cause) line += ` (${cause.message})`;
  if (causeCode === 'EADDRINUSE') {
    line +=
      '\nIs another `ingest local` already running? Stop it, or pick other ports with --port.';
  }
  return line;
}
