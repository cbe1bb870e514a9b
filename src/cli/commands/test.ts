import { type Command, Option } from 'commander';
import {
  EXIT_FAILED,
  formatIngestTest,
  reportError,
  runIngestTest,
  TARGET_CHOICES,
  type TargetFlags,
  targetFromFlags,
} from '../../experiments/index.js';

interface TestFlags extends TargetFlags {
  rows: string;
  keep?: boolean;
  timeout: string;
  json?: boolean;
}

/** `ingest test --env local|localstack|aws`: one generated upload, verified, with stage timings. */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description(
      'Upload a generated 1,000-row CSV, wait for its metadata item, verify item and summary, print stage timings',
    )
    .addOption(new Option('--env <target>', 'target').choices(TARGET_CHOICES).makeOptionMandatory())
    .option('--rows <n>', 'data rows of the generated file', '1000')
    .option('--timeout <ms>', 'give up waiting for the item after this long', '60000')
    .option('--keep', 'keep the upload, summary and item (default: remove them)')
    .option('--json', 'print the result as JSON')
    .option('--port <n>', 'local --connect: S3 port of the running pipeline (default 4568)')
    .option('--connect', 'local: use the running `ingest local start` instead of starting one')
    .option('--bundle <path>', 'local: Lambda bundle (default dist/lambda/index.mjs)')
    .option(
      '--data-dir <dir>',
      'local: data directory (default: temporary; with --connect: .local)',
    )
    .action(async (flags: TestFlags) => {
      let target: Awaited<ReturnType<typeof targetFromFlags>> | undefined;
      try {
        target = await targetFromFlags(flags);
        const result = await runIngestTest(target, {
          rows: Number(flags.rows),
          timeoutMs: Number(flags.timeout),
          keep: flags.keep === true,
        });
        process.stdout.write(
          flags.json ? `${JSON.stringify(result, null, 2)}\n` : formatIngestTest(result),
        );
        if (!result.ok) {
          const failed = result.checks.filter((check) => !check.ok).map((check) => check.name);
          process.stderr.write(`error VERIFY_FAILED: ${failed.join(', ')}\n`);
          process.exitCode = EXIT_FAILED;
        }
      } catch (error) {
        process.exitCode = reportError(error);
      } finally {
        await target?.close();
      }
    });
}
