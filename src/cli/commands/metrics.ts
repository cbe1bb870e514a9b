import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import {
  ExperimentError,
  formatMetrics,
  type MetricsReport,
  metricsFromSnapshot,
  NoMetricsError,
  reportError,
  TARGET_CHOICES,
  type TargetFlags,
  targetFromFlags,
} from '../../experiments/index.js';
import { DATA_LAYOUT, LOCAL_DEFAULTS, type LocalMetricsSnapshot } from '../../local/index.js';

interface MetricsFlags extends TargetFlags {
  since: string;
  json?: boolean;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `1h`, `2d` into milliseconds. */
export function parseSince(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match)
    throw new ExperimentError('USAGE', `--since must look like 30m, 1h or 2d, not "${text}"`);
  return Number(match[1]) * (UNITS[match[2]!] ?? 0);
}

/** Local metrics without --connect: the snapshot `ingest local start` wrote when it stopped. */
async function savedLocalMetrics(dataDir: string | undefined): Promise<MetricsReport> {
  const path = join(resolve(dataDir ?? LOCAL_DEFAULTS.dataDir), DATA_LAYOUT.metrics);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new NoMetricsError(
      `no local metrics at ${path}: run ingest local start (metrics are saved when it stops), or pass --connect to read a running one's logs`,
    );
  }
  const snapshot = JSON.parse(text) as LocalMetricsSnapshot;
  return {
    target: 'local',
    from: snapshot.startedAt,
    to: snapshot.takenAt,
    rows: metricsFromSnapshot(snapshot, LOCAL_DEFAULTS.functionName),
    notes: [`saved snapshot ${path}`],
  };
}

/** `ingest metrics --env ...`: Lambda, DynamoDB and custom metrics for a window. */
export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description(
      'Show Lambda Duration/Invocations/Errors/Throttles/ConcurrentExecutions, DynamoDB and custom metrics',
    )
    .addOption(new Option('--env <target>', 'target').choices(TARGET_CHOICES).makeOptionMandatory())
    .option('--since <window>', 'window ending now: 30m, 1h, 2d', '1h')
    .option('--json', 'print the metrics as JSON')
    .option('--port <n>', 'local --connect: S3 port of the running pipeline (default 4568)')
    .option('--connect', 'local: read the logs of the running `ingest local start`')
    .option('--data-dir <dir>', 'local: data directory (default .local)')
    .action(async (flags: MetricsFlags) => {
      let target: Awaited<ReturnType<typeof targetFromFlags>> | undefined;
      try {
        const sinceMs = Date.now() - parseSince(flags.since);
        let report: MetricsReport;
        if (flags.env === 'local' && !flags.connect) {
          report = await savedLocalMetrics(flags.dataDir);
        } else {
          target = await targetFromFlags(flags);
          report = await target.metrics(sinceMs);
        }
        process.stdout.write(
          flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatMetrics(report),
        );
      } catch (error) {
        process.exitCode = reportError(error);
      } finally {
        await target?.close();
      }
    });
}
