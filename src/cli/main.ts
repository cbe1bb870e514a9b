import { Command, CommanderError } from 'commander';
import { awsRequestError } from '../experiments/awsErrors.js';
import { exitCodeFor } from '../experiments/exitCodes.js';
import { isProfileError } from '../profile/errors.js';
import { CodedError } from '../shared/errors.js';

type Register = (program: Command) => void;

/**
 * The sub-commands, each loaded only when it runs (or its help is asked for), so `ingest
 * profile` imports neither the AWS SDK nor the emulators. `summary` is what `ingest --help`
 * lists without loading anything.
 */
const COMMANDS: ReadonlyArray<{ names: string[]; summary: string; load: () => Promise<Register> }> =
  [
    {
      names: ['profile'],
      summary: 'Profile a CSV file (or - for stdin): dialect, schema, statistics, quality issues',
      load: async () => (await import('./commands/profile.js')).registerProfile,
    },
    {
      names: ['build'],
      summary:
        'Bundle the Lambda handler into dist/lambda/index.mjs and a deterministic dist/lambda.zip',
      load: async () => (await import('./commands/build.js')).registerBuild,
    },
    {
      names: ['deploy', 'destroy'],
      summary: 'Deploy or destroy the stack on LocalStack or AWS with Terraform',
      load: async () => (await import('./commands/deploy.js')).registerDeploy,
    },
    {
      names: ['local'],
      summary: 'Run the pipeline embedded on this machine: start, demo, repair',
      load: async () => (await import('./commands/local.js')).registerLocal,
    },
    {
      names: ['test'],
      summary: 'Upload a generated CSV to a target and verify its item and summary',
      load: async () => (await import('./commands/test.js')).registerTest,
    },
    {
      names: ['metrics'],
      summary: "Print a target's Lambda, DynamoDB and pipeline metrics",
      load: async () => (await import('./commands/metrics.js')).registerMetrics,
    },
    {
      names: ['experiments'],
      summary: 'Run the experiment suite on a target, and compare results',
      load: async () => (await import('./commands/experiments.js')).registerExperiments,
    },
  ];

/**
 * Builds the `ingest` program for `argv` (`process.argv`): the sub-command named in it is
 * loaded and registered in full; without one, every sub-command is listed by its summary.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('ingest')
    .description('Profile CSV files and run the S3 -> Lambda -> DynamoDB ingestion pipeline')
    .showHelpAfterError()
    .exitOverride();
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  // `ingest help <command>` needs that command loaded too.
  const name = words[0] === 'help' ? words[1] : words[0];
  const wanted = COMMANDS.find((command) => name !== undefined && command.names.includes(name));
  if (wanted !== undefined) {
    (await wanted.load())(program);
    return program;
  }
  for (const command of COMMANDS) {
    for (const commandName of command.names)
      program.command(commandName).description(command.summary);
  }
  return program;
}

/**
 * Runs the CLI; resolves to the process exit code. This is the CLI's edge: a typed error, or an
 * AWS SDK failure that no command handled, ends as one `error CODE: message` line (plus a hint
 * line) and exit 1, or 2 when the target is unreachable or not deployed; anything else is a bug
 * and keeps its stack trace.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode;
    }
    // An AWS SDK failure no command handled becomes one of ours (code and hint); any other
    // error that is not ours is a bug and keeps its stack trace.
    const known = awsRequestError(error) ?? error;
    const typed = describeTypedError(known);
    if (typed === null) throw error;
    process.stderr.write(`${typed}\n`);
    return exitCodeFor((known as CodedError).code);
  }
}

/**
 * One line for the project's own errors, recognised by class (CodedError, and ProfileError
 * until it extends CodedError), with the cause and a hint where one helps; null for anything
 * else, such as Node's `ENOENT` (a bug: let its stack trace show).
 */
export function describeTypedError(error: unknown): string | null {
  if (!(error instanceof CodedError || isProfileError(error))) return null;
  const code = error.code;
  const hint = error instanceof CodedError ? error.hint : undefined;
  if (hint !== undefined) return `error ${code}: ${error.message}\n${hint}`;
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
