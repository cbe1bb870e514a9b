import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type Command, InvalidArgumentError } from 'commander';
import { Dashboard, DEFAULT_DASHBOARD_PORT, dashboardPortFor } from '../../dashboard/index.js';
import {
  DATA_LAYOUT,
  LOCAL_DEFAULTS,
  LocalPipeline,
  type LocalPipelineInfo,
  type LocalStopReport,
  repairStore,
} from '../../local/index.js';
import { DEFAULTS } from '../../pipeline/constants.js';
import { FUNCTION_ENVIRONMENT } from '../../pipeline/functionEnvironment.js';
import { REPO_ROOT } from '../../shared/repoRoot.js';
import { ensureBundle } from '../bundle.js';
import { formatBytes, table } from '../report.js';

interface LocalFlags {
  port: string;
  reset?: boolean;
  dataDir?: string;
  concurrency: string;
  build: boolean;
  maxFileBytes?: number;
  maxDecompressedBytes?: number;
  maxCompressionRatio?: number;
  timeout: number;
  memory: number;
  dashboard: boolean;
  dashboardPort?: number;
}

interface DemoFlags extends LocalFlags {
  once?: boolean;
  dir: string;
}

const CSV_SUFFIXES = ['.csv', '.tsv', '.txt', '.gz'];

/** Parses a positive safe integer flag value (commander reports the error as a usage error). */
function positiveInt(value: string): number {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('must be a positive integer.');
  }
  return parsed;
}

function addStackOptions(command: Command): Command {
  return command
    .option(
      '--port <port>',
      'S3 on this port, DynamoDB on the next one (0 = any free ports)',
      '4568',
    )
    .option('--reset', 'start empty: wipe the persisted data under .local/')
    .option('--data-dir <dir>', 'where the emulators persist their data (default .local/)')
    .option('--concurrency <n>', 'Lambda concurrency limit', '10')
    .option(
      '--max-file-bytes <bytes>',
      `the function's MAX_FILE_BYTES: largest object it profiles, as stored (default ${FUNCTION_ENVIRONMENT.MAX_FILE_BYTES.default}, 5 GiB, the handler's own default)`,
      positiveInt,
    )
    .option(
      '--max-decompressed-bytes <bytes>',
      `the function's MAX_DECOMPRESSED_BYTES: most bytes a gzip upload may expand to (default ${FUNCTION_ENVIRONMENT.MAX_DECOMPRESSED_BYTES.default}, 10 GiB, the handler's own default)`,
      positiveInt,
    )
    .option(
      '--max-compression-ratio <n>',
      `the function's MAX_COMPRESSION_RATIO: most a gzip upload may expand per compressed byte, checked once 16 MiB are out (default ${FUNCTION_ENVIRONMENT.MAX_COMPRESSION_RATIO.default}, the handler's own default)`,
      positiveInt,
    )
    .option(
      '--timeout <seconds>',
      `function timeout in seconds (Lambda allows 1-900; keep it above the handler's ${DEFAULTS.timeoutMarginMs / 1000} s safety margin)`,
      positiveInt,
      LOCAL_DEFAULTS.timeoutMs / 1000,
    )
    .option(
      '--memory <mb>',
      'function memory size in MB, the worker heap limit (Lambda allows 128-10240)',
      positiveInt,
      LOCAL_DEFAULTS.memoryMb,
    )
    .option('--no-build', 'run the existing dist/lambda bundle without rebuilding it')
    .option(
      '--dashboard-port <port>',
      `the live dashboard on 127.0.0.1 (default the S3 port + 2: ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)`,
      (value: string) => (value.trim() === '0' ? 0 : positiveInt(value)),
    )
    .option('--no-dashboard', 'do not serve the live dashboard');
}

/** Starts the embedded stack with the CLI's options. */
async function startStack(
  flags: LocalFlags,
): Promise<{ pipeline: LocalPipeline; info: LocalPipelineInfo; dashboard?: Dashboard }> {
  const bundlePath = await ensureBundle(flags.build);
  const pipeline = new LocalPipeline();
  const dashboard = flags.dashboard ? new Dashboard() : undefined;
  const info = await pipeline.start({
    ...(dashboard ? { onLog: dashboard.onLog } : {}),
    port: Number(flags.port),
    reset: flags.reset === true,
    bundlePath,
    concurrency: Number(flags.concurrency),
    timeoutMs: flags.timeout * 1000,
    memoryMb: flags.memory,
    ...(flags.maxFileBytes === undefined ? {} : { maxFileBytes: flags.maxFileBytes }),
    ...(flags.maxDecompressedBytes === undefined
      ? {}
      : { maxDecompressedBytes: flags.maxDecompressedBytes }),
    ...(flags.maxCompressionRatio === undefined
      ? {}
      : { maxCompressionRatio: flags.maxCompressionRatio }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
  });
  const port = flags.dashboardPort ?? dashboardPortFor(Number(flags.port));
  await dashboard?.start(pipeline, { port }).catch(async (error: unknown) => {
    await pipeline.stop();
    throw error;
  });
  return { pipeline, info, ...(dashboard ? { dashboard } : {}) };
}

/** How many items of a list to name in a one-line report. */
const NAMED = 3;

/**
 * One line per thing start found of an earlier run: uploads re-queued, a torn event journal,
 * interrupted S3 writes, damaged objects (with the repair command), the old lean store's data.
 */
export function describeRecovery(info: LocalPipelineInfo, dataDirFlag?: string): string[] {
  const { requeued, outbox, s3 } = info.recovery;
  const lines: string[] = [];
  if (requeued > 0) lines.push(`re-queued ${requeued} uploads left unprocessed`);
  if (outbox.tornTail) {
    lines.push(
      'event journal: ignored a last line cut by a crash (its upload was not acknowledged)',
    );
  }
  if (outbox.unreadableLines > 0) {
    lines.push(
      `event journal: skipped ${outbox.unreadableLines} unreadable lines; the journal was copied to ${outbox.damagedCopy}`,
    );
  }
  const { completedWrites, discardedWrites, completedDeletes } = s3.recovery;
  const done = [
    completedWrites > 0 ? `finished ${completedWrites} writes a crash cut after their commit` : '',
    discardedWrites > 0
      ? `removed the temporary files of ${discardedWrites} writes cut before it (never acknowledged)`
      : '',
    completedDeletes > 0 ? `finished ${completedDeletes} interrupted deletes` : '',
  ].filter((part) => part !== '');
  if (done.length > 0) lines.push(`S3 store: ${done.join(', ')}`);
  const damaged = s3.check.damaged;
  if (damaged.length > 0) {
    const named = damaged
      .slice(0, NAMED)
      .map((object) => `${object.bucket}/${object.key}: ${object.problem}`)
      .join('; ');
    const more = damaged.length > NAMED ? `; and ${damaged.length - NAMED} more` : '';
    const repair = `npx ingest local repair${dataDirFlag === undefined ? '' : ` --data-dir ${dataDirFlag}`}`;
    lines.push(
      `S3 store: ${damaged.length} damaged object${damaged.length === 1 ? '' : 's'} (${named}${more}); GETs of them fail; stop the stack and run: ${repair}`,
    );
  }
  if (s3.leanStoreDirectory) {
    lines.push(
      `S3 store: ${s3.leanStoreDirectory} holds data of the store an earlier version used; it is no longer read (delete it when you no longer need it)`,
    );
  }
  return lines;
}

/** What stop says about the work it leaves for the next start. */
export function describeStop(report: LocalStopReport): string {
  return report.pending > 0
    ? `Stopped. ${report.pending} uploads not yet processed are kept and re-queued at the next start.\n`
    : 'Stopped.\n';
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** The endpoint block (with the dashboard's URL when it runs) and ready-made AWS CLI examples. */
export function describeStack(info: LocalPipelineInfo, dashboardUrl?: string): string {
  const { names, endpoints } = info;
  const env = `AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${info.region} AWS_REQUEST_CHECKSUM_CALCULATION=WHEN_REQUIRED`;
  return [
    table([
      [
        'S3',
        `${endpoints.s3}  bucket ${names.bucket}  (uploads: ${names.uploadPrefix}, results: ${names.processedPrefix})`,
      ],
      ['DynamoDB', `${endpoints.dynamodb}  table ${names.table}`],
      [
        'Lambda',
        `${endpoints.lambda}  ${names.functionName} (bundle ${basename(info.bundlePath)}), failures -> ${names.failureFunctionName}`,
      ],
      ['data', info.dataDir],
      ...(dashboardUrl ? [['Dashboard', dashboardUrl]] : []),
    ]),
    '',
    'Try it with the AWS CLI (in another terminal):',
    `  export ${env}`,
    `  aws --endpoint-url ${endpoints.s3} s3 cp test-data/sales_clean.csv s3://${names.bucket}/${names.uploadPrefix}`,
    `  aws --endpoint-url ${endpoints.dynamodb} dynamodb get-item --table-name ${names.table} --key '{"file_name":{"S":"sales_clean.csv"}}'`,
    `  key=$(aws --endpoint-url ${endpoints.dynamodb} dynamodb get-item --table-name ${names.table} --key '{"file_name":{"S":"sales_clean.csv"}}' --query Item.summary_key.S --output text)`,
    `  aws --endpoint-url ${endpoints.s3} s3 cp "s3://${names.bucket}/$key" -`,
    '',
  ].join('\n');
}

/** `ingest local start` and `ingest local demo` (what `npm start` runs). */
export function registerLocal(program: Command): void {
  const local = program
    .command('local')
    .description('The embedded local target: S3, DynamoDB and Lambda in one process, no Docker');

  addStackOptions(
    local.command('start').description('Start the local stack and run until Ctrl-C'),
  ).action(async (flags: LocalFlags) => {
    const { pipeline, info, dashboard } = await startStack(flags);
    const notes = describeRecovery(info, flags.dataDir).map((line) => `${line}\n`);
    // Listen before saying so: a Ctrl-C right after the line must stop the stack, not kill it.
    const signal = untilSignal();
    process.stdout.write(
      `Local pipeline running.\n${notes.join('')}${describeStack(info, dashboard?.url)}Press Ctrl-C to stop.\n`,
    );
    await signal;
    process.stdout.write('\nStopping...\n');
    await dashboard?.stop();
    process.stdout.write(describeStop(await pipeline.stop()));
  });

  local
    .command('repair')
    .description(
      'Check every stored S3 object (size and MD5 against its ETag) and move damaged ones to quarantine; run while the stack is stopped',
    )
    .option('--data-dir <dir>', 'the data directory of the stack (default .local/)')
    .action(async (flags: { dataDir?: string }) => {
      const dataDir = resolve(REPO_ROOT, flags.dataDir ?? LOCAL_DEFAULTS.dataDir);
      const report = await repairStore(dataDir);
      const { completedWrites, discardedWrites, completedDeletes } = report.recovery;
      const lines = [
        `Checked ${report.objects} objects in ${join(dataDir, DATA_LAYOUT.s3)}.`,
        ...(completedWrites + discardedWrites + completedDeletes > 0
          ? [
              `Finished ${completedWrites} interrupted writes, removed ${discardedWrites} unfinished ones (never acknowledged), finished ${completedDeletes} interrupted deletes.`,
            ]
          : []),
        report.quarantined.length === 0
          ? 'No damaged object.'
          : `Moved ${report.quarantined.length} damaged objects to ${report.quarantineDirectory}:`,
        ...report.quarantined.map(
          (object) => `  ${object.bucket}/${object.key}: ${object.problem}`,
        ),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  addStackOptions(
    local
      .command('demo')
      .description(
        'Start the local stack, upload every CSV in a folder, print the results, keep running',
      ),
  )
    .option('--dir <dir>', 'folder of CSV files to upload', join(REPO_ROOT, 'test-data'))
    .option('--once', 'exit after printing the results')
    .action(async (flags: DemoFlags) => {
      const files = await listCsvFiles(flags.dir);
      const { pipeline, info, dashboard } = await startStack(flags);
      let stopped = false;
      try {
        const notes = describeRecovery(info, flags.dataDir).map((line) => `${line}\n`);
        process.stdout.write(
          `Local pipeline running.\n${notes.join('')}${describeStack(info, dashboard?.url)}`,
        );
        process.stdout.write(`Uploading ${files.length} file(s) from ${flags.dir} ...\n\n`);
        const rows = await Promise.all(files.map((file) => uploadAndWait(pipeline, info, file)));
        process.stdout.write(`${formatResults(rows)}\n`);
        const failed = rows.filter((r) => r.status === 'timeout').length;
        if (!flags.once) {
          const signal = untilSignal();
          process.stdout.write(
            '\nStill running: upload more files with the AWS CLI above. Ctrl-C to stop.\n',
          );
          await signal;
        }
        if (failed > 0) process.exitCode = 1;
        await dashboard?.stop();
        process.stdout.write(describeStop(await pipeline.stop()));
        stopped = true;
      } finally {
        await dashboard?.stop();
        if (!stopped) await pipeline.stop();
      }
    });
}

async function listCsvFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => {
    throw new Error(`No such folder: ${dir}`);
  });
  return entries
    .filter((name) => CSV_SUFFIXES.includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(dir, name));
}

interface DemoRow {
  file: string;
  status: string;
  rows: string;
  columns: string;
  issues: string;
  latencyMs: number;
  size: number;
}

/** Uploads one file and waits for its item; the latency is upload start to item visible. */
async function uploadAndWait(
  pipeline: LocalPipeline,
  info: LocalPipelineInfo,
  file: string,
): Promise<DemoRow> {
  const name = basename(file);
  const body = await readFile(file);
  const size = (await stat(file)).size;
  const startedAt = Date.now();
  await pipeline.s3Client.send(
    new PutObjectCommand({
      Bucket: info.names.bucket,
      Key: `${info.names.uploadPrefix}${name}`,
      Body: body,
    }),
  );
  try {
    const item = await pipeline.waitForItem(name, { timeoutMs: 30_000, freshAfter: startedAt });
    const quality = item.quality_issues as { issue_count?: number } | undefined;
    return {
      file: name,
      status: item.status === 'error' ? `error ${String(item.error_code)}` : String(item.status),
      rows: item.row_count === undefined || item.row_count === null ? '-' : String(item.row_count),
      columns:
        item.column_count === undefined || item.column_count === null
          ? '-'
          : String(item.column_count),
      issues: quality?.issue_count === undefined ? '-' : String(quality.issue_count),
      latencyMs: Date.now() - startedAt,
      size,
    };
  } catch {
    return {
      file: name,
      status: 'timeout',
      rows: '-',
      columns: '-',
      issues: '-',
      latencyMs: Date.now() - startedAt,
      size,
    };
  }
}

function formatResults(rows: DemoRow[]): string {
  return table([
    ['file', 'size', 'status', 'rows', 'columns', 'issues', 'end-to-end'],
    ...rows.map((r) => [
      r.file,
      formatBytes(r.size),
      r.status,
      r.rows,
      r.columns,
      r.issues,
      `${r.latencyMs} ms`,
    ]),
  ]);
}

export { LOCAL_DEFAULTS };
