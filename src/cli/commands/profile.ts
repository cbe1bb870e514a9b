import { stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { profileFileThreads, THREADS_MIN_BYTES } from '../../files/index.js';
import {
  type EncodingName,
  isProfileError,
  type ProfileOptions,
  profileStream,
  type Summary,
  summaryToJson,
} from '../../profile/index.js';
import { inputErrorOf, openInput } from '../io.js';
import { pieceWorkerScript } from '../pieceWorkerScript.js';
import { formatReport } from '../report.js';

const ENCODINGS: readonly EncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

interface ProfileFlags {
  json?: boolean;
  delimiter?: string;
  quote?: string;
  header?: boolean;
  decimal?: string;
  encoding?: string;
  nullTokens?: string;
  threshold?: string;
  html?: string;
  threads?: string;
}

/** Exit code for a file that cannot be profiled. */
export const EXIT_PROFILE_ERROR = 2;

/** `ingest profile <file|->`: prints a report, or the summary JSON with --json. */
export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description('Profile a CSV file (or - for stdin): dialect, schema, statistics, quality issues')
    .argument('<files...>', 'paths of .csv/.tsv/.txt/.csv.gz files, or - for standard input')
    .option('--json', 'print the summary JSON instead of the report')
    .option(
      '--delimiter <char>',
      'field delimiter (default: sniffed among , ; tab |); "tab" or \\t for tab',
    )
    .option('--quote <char>', 'quote character, or none (default: sniffed among ", \' and none)')
    .option('--header', 'the first row is a header (default: sniffed)')
    .option('--no-header', 'the first row is data')
    .option('--decimal <char>', 'decimal separator, . or , (default: sniffed)')
    .option('--encoding <name>', `input encoding: ${ENCODINGS.join(', ')} (default: detected)`)
    .option(
      '--null-tokens <list>',
      'comma-separated tokens counted as missing (default: NA,N/A,null,NULL,None,NaN,nan,-)',
    )
    .option('--threshold <share>', 'share of values a type must fit, 0..1 (default 0.95)')
    .option('--html <path>', 'also write the self-contained HTML report to <path> (one file only)')
    .option(
      '--threads <n>',
      `profile one file on n threads in parallel pieces (default: the number of cores for files of ${THREADS_MIN_BYTES >> 20} MiB or more, else 1)`,
    )
    .action(async (files: string[], flags: ProfileFlags, command: Command) => {
      const explicitHeader = command.getOptionValueSource('header') === 'cli';
      if (flags.html !== undefined && files.length > 1) {
        process.exitCode = fail(flags.json, 'USAGE', '--html takes one input file');
        return;
      }
      let code = 0;
      const many = files.length > 1;
      if (many && flags.json) process.stdout.write('[\n');
      for (const [i, file] of files.entries()) {
        if (many && !flags.json) process.stdout.write(`${i > 0 ? '\n' : ''}== ${file}\n`);
        if (many && flags.json && i > 0) process.stdout.write(',\n');
        code = Math.max(code, await runProfile(file, flags, explicitHeader));
      }
      if (many && flags.json) process.stdout.write(']\n');
      process.exitCode = code;
    });
}

function fail(json: boolean | undefined, code: string, message: string): number {
  if (json) process.stdout.write(`${JSON.stringify({ error_code: code, message })}\n`);
  else process.stderr.write(`error ${code}: ${message}\n`);
  return EXIT_PROFILE_ERROR;
}

async function runProfile(
  file: string,
  flags: ProfileFlags,
  explicitHeader: boolean,
): Promise<number> {
  const options: ProfileOptions = {};
  if (flags.delimiter !== undefined)
    options.delimiter = flags.delimiter === 'tab' ? '\t' : flags.delimiter.replace('\\t', '\t');
  if (flags.quote !== undefined) options.quote = flags.quote;
  if (explicitHeader) options.header = flags.header === true;
  if (flags.decimal !== undefined) {
    if (flags.decimal !== '.' && flags.decimal !== ',')
      return fail(flags.json, 'USAGE', '--decimal must be . or ,');
    options.decimal = flags.decimal;
  }
  if (flags.encoding !== undefined) {
    const name = flags.encoding
      .toLowerCase()
      .replace(/^utf8$/, 'utf-8')
      .replace(/^(cp1252|latin-?1|iso-8859-1)$/, 'windows-1252') as EncodingName;
    if (!ENCODINGS.includes(name)) {
      return fail(
        flags.json,
        'UNSUPPORTED_ENCODING',
        `Encoding "${flags.encoding}" is not supported; use one of ${ENCODINGS.join(', ')}`,
      );
    }
    options.encoding = name;
  }
  if (flags.nullTokens !== undefined) options.nullTokens = flags.nullTokens.split(',');
  if (flags.threshold !== undefined) {
    const t = Number(flags.threshold);
    if (!(t > 0 && t <= 1)) return fail(flags.json, 'USAGE', '--threshold must be in (0, 1]');
    options.typeThreshold = t;
  }
  let threads: number | null = null;
  if (flags.threads !== undefined) {
    threads = Number(flags.threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      return fail(flags.json, 'USAGE', '--threads must be an integer from 1 to 256');
    }
  }
  if (file !== '-' && threads !== 1) {
    // A regular file large enough (or --threads > 1): pieces on threads (files/, profile/split/).
    const size = await stat(file).then(
      (info) => (info.isFile() ? info.size : null),
      () => null,
    );
    const n = threads ?? (size !== null && size >= THREADS_MIN_BYTES ? availableParallelism() : 1);
    if (size !== null && n > 1) {
      options.fileName = basename(file);
      return report(file, flags, size, () =>
        profileFileThreads(file, n, pieceWorkerScript(), options).then((p) => p.summary),
      );
    }
  }
  let input: Awaited<ReturnType<typeof openInput>>;
  try {
    input = await openInput(file);
  } catch (error) {
    const inputError = inputErrorOf(error, file);
    if (inputError === null) throw error;
    return fail(flags.json, inputError.code, inputError.message);
  }
  options.fileName = input.name;
  return report(file, flags, input.sizeBytes, () => profileStream(input.stream, options));
}

/** Profiles (through `profile`) and prints the report or JSON, and the HTML report if asked. */
async function report(
  file: string,
  flags: ProfileFlags,
  sizeBytes: number | undefined,
  profile: () => Promise<Summary>,
): Promise<number> {
  try {
    const started = performance.now();
    const summary = await profile();
    const durationMs = performance.now() - started;
    process.stdout.write(flags.json ? `${summaryToJson(summary, 2)}\n` : formatReport(summary));
    if (flags.html !== undefined) {
      // Loaded only for --html: the report renderer is not part of a plain profile's start-up.
      const { renderProfileReport } = await import('../../report/index.js');
      const html = renderProfileReport(summary, {
        ...(sizeBytes === undefined ? {} : { sizeBytes }),
        durationMs,
        generatedAt: new Date().toISOString(),
        source: file,
      });
      try {
        await writeFile(flags.html, html);
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code ?? 'error';
        return fail(flags.json, 'FILE_NOT_WRITABLE', `Cannot write ${flags.html}: ${why}`);
      }
    }
    return 0;
  } catch (error) {
    if (isProfileError(error)) return fail(flags.json, error.code, error.message);
    const inputError = inputErrorOf(error, file);
    if (inputError !== null) return fail(flags.json, inputError.code, inputError.message);
    if (error instanceof RangeError) return fail(flags.json, 'USAGE', error.message);
    throw error;
  }
}
