import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { type Command, Option } from 'commander';
import {
  compareResults,
  createProgress,
  EXIT_FAILED,
  EXPERIMENT_IDS,
  ExperimentError,
  type ExperimentId,
  estimateCost,
  formatCost,
  loadResults,
  renderHtml,
  renderMarkdown,
  reportError,
  runSuite,
  SAFE_EXPERIMENTS,
  SCALE_PARAMETERS,
  type Scale,
  TARGET_CHOICES,
  type TargetFlags,
  targetFromFlags,
} from '../../experiments/index.js';
import { NotConfirmedError } from '../../shared/errors.js';

interface RunFlags extends TargetFlags {
  experiments?: string;
  scale: Scale;
  safe?: boolean;
  yes?: boolean;
  out?: string;
}

interface CompareFlags {
  md?: string;
  html?: string;
}

/** The experiments a run does: `--experiments` (default all), narrowed to B, D, H by `--safe`. */
export function selectExperiments(list: string | undefined, safe: boolean): ExperimentId[] {
  const wanted = list ? list.split(',').map((id) => id.trim().toUpperCase()) : [...EXPERIMENT_IDS];
  const unknown = wanted.filter((id) => !(EXPERIMENT_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) {
    throw new ExperimentError(
      'USAGE',
      `unknown experiment ${unknown.join(', ')}; choose from ${EXPERIMENT_IDS.join(',')}`,
    );
  }
  const chosen = EXPERIMENT_IDS.filter((id) => wanted.includes(id));
  return safe ? chosen.filter((id) => SAFE_EXPERIMENTS.includes(id)) : chosen;
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function writeOut(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** `ingest experiments run|compare`. */
export function registerExperiments(program: Command): void {
  const experiments = program
    .command('experiments')
    .description('Run the experiment suite on a target, or compare results files');

  experiments
    .command('run')
    .description('Run experiments A,B,C,D,F,G,H on a target and write the results JSON')
    .addOption(new Option('--env <target>', 'target').choices(TARGET_CHOICES).makeOptionMandatory())
    .option('--experiments <list>', `comma-separated subset of ${EXPERIMENT_IDS.join(',')}`)
    .addOption(
      new Option('--scale <scale>', 'quick or full').choices(['quick', 'full']).default('quick'),
    )
    .option('--safe', `run only the light subset (${SAFE_EXPERIMENTS.join(', ')})`)
    .option('--yes', 'do not ask before running on AWS')
    .option('--out <file>', 'write the results JSON here (default: standard output)')
    .option('--port <n>', 'local --connect: S3 port of the running pipeline (default 4568)')
    .option('--connect', 'local: use the running `ingest local start` instead of starting one')
    .option('--bundle <path>', 'local: Lambda bundle (default dist/lambda/index.mjs)')
    .action(async (flags: RunFlags) => {
      let target: Awaited<ReturnType<typeof targetFromFlags>> | undefined;
      try {
        const chosen = selectExperiments(flags.experiments, flags.safe === true);
        const log = flags.out ? process.stdout : process.stderr;
        if (flags.env === 'aws') {
          const estimate = estimateCost(chosen, SCALE_PARAMETERS[flags.scale]);
          log.write(`${formatCost(estimate)}\n`);
          if (chosen.includes('A')) {
            log.write('  Experiment A destroys and redeploys the stack (terraform) on AWS.\n');
          }
          if (!flags.yes && !(await confirm('Run it? [y/N] '))) {
            throw new NotConfirmedError(
              'not confirmed: nothing was run (pass --yes to run without asking)',
            );
          }
        }
        target = await targetFromFlags(flags);
        const results = await runSuite(target, {
          experiments: chosen,
          scale: flags.scale,
          safe: flags.safe === true,
          progress: createProgress(log),
        });
        const json = `${JSON.stringify(results, null, 2)}\n`;
        if (flags.out) {
          await writeOut(flags.out, json);
          log.write(`results written to ${flags.out}\n`);
        } else process.stdout.write(json);
        const failed = Object.values(results.experiments).filter((e) => e?.status === 'failed');
        if (failed.length > 0) {
          process.stderr.write(
            `error EXPERIMENT_FAILED: ${failed.map((e) => `${e?.id}: ${e?.error}`).join('; ')}\n`,
          );
          process.exitCode = EXIT_FAILED;
        }
      } catch (error) {
        process.exitCode = reportError(error);
      } finally {
        await target?.close();
      }
    });

  experiments
    .command('compare')
    .description('Compare results files side by side: ratios, bootstrap 95% CIs, verdicts')
    .argument('<results...>', 'results JSON files; the first is the baseline')
    .option('--md <file>', 'write the Markdown report here')
    .option('--html <file>', 'write the self-contained HTML report here')
    .action(async (files: string[], flags: CompareFlags) => {
      try {
        const results = [];
        for (const file of files) results.push(await loadResults(file));
        const comparison = compareResults(results);
        const markdown = renderMarkdown(comparison);
        if (flags.md) await writeOut(flags.md, markdown);
        if (flags.html) await writeOut(flags.html, renderHtml(comparison));
        if (!flags.md && !flags.html) process.stdout.write(markdown);
        else {
          for (const experiment of comparison.experiments) {
            for (const verdict of experiment.verdicts) {
              process.stdout.write(`${experiment.id}: ${verdict}\n`);
            }
          }
        }
      } catch (error) {
        process.exitCode = reportError(error);
      }
    });
}
