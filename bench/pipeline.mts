// Local target benchmark (issue 4): upload-to-item latency of a 1,000-row file and the
// throughput of 100 parallel uploads, through the real bundle on the embedded target.
// The parallel burst runs `--bursts` times: the first meets ten execution environments whose
// JIT has never seen the handler (a cold burst); later ones show the steady state of a pipeline
// that has been running. CPU per file is the whole process (emulators, runtime, workers, client).
// Run: npm run bench:pipeline [-- --sequential 50 --parallel 100 --bursts 5 --json out.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ensureBundle } from '../src/cli/bundle.js';
import { LocalPipeline, percentile } from '../src/local/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const sequential = flag('sequential', 50);
const parallel = flag('parallel', 100);
const bursts = Math.max(1, flag('bursts', 5));
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const rows = ['id,name,amount,when,flag,comment'];
for (let i = 0; i < 1000; i++) {
  rows.push(
    `${i},name${i % 37},${(i * 1.37).toFixed(2)},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 2 ? 'true' : 'false'},"note ${i % 11}, ok"`,
  );
}
const body = Buffer.from(`${rows.join('\n')}\n`);

const dataDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
const pipeline = new LocalPipeline();
const bundlePath = await ensureBundle(true);
const info = await pipeline.start({
  port: 0,
  dataDir,
  bundlePath,
  provisionedConcurrency: 10,
  writeLogFiles: false,
});
const put = (name: string) =>
  pipeline.s3Client.send(
    new PutObjectCommand({ Bucket: info.names.bucket, Key: `uploads/${name}`, Body: body }),
  );
const roundTrip = async (name: string): Promise<number> => {
  const startedAt = performance.now();
  const wall = Date.now();
  await put(name);
  const item = await pipeline.waitForItem(name, { freshAfter: wall, timeoutMs: 60_000 });
  if (item.status !== 'success' || item.row_count !== 1000) {
    throw new Error(`${name}: expected a success item with 1000 rows, got ${JSON.stringify(item)}`);
  }
  return performance.now() - startedAt;
};

try {
  for (let i = 0; i < 5; i++) await roundTrip(`warm-${i}.csv`);
  const latencies: number[] = [];
  for (let i = 0; i < sequential; i++) latencies.push(await roundTrip(`seq-${i}.csv`));
  const runBurst = async (round: number) => {
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: parallel }, (_, i) => roundTrip(`par-${round}-${i}.csv`)),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      seconds,
      files_per_s: parallel / seconds,
      cpu_ms_per_file: (cpu.user + cpu.system) / 1000 / parallel,
      cpu_utilisation: (cpu.user + cpu.system) / 1e6 / seconds / cpus().length,
      completion_p50_ms: percentile(sorted, 0.5),
      completion_p95_ms: percentile(sorted, 0.95),
    };
  };
  const burstResults = [];
  for (let round = 0; round < bursts; round++) burstResults.push(await runBurst(round));
  const cold = burstResults[0]!;
  const warm = burstResults.slice(1);
  const steady =
    warm.length > 0
      ? [...warm].sort((a, b) => a.files_per_s - b.files_per_s)[warm.length >> 1]!
      : undefined;
  const snapshot = pipeline.metricsSnapshot();
  const fn = snapshot.functions[info.names.functionName];
  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    file_rows: 1000,
    file_bytes: body.length,
    sequential: {
      n: sequential,
      p50_ms: percentile(sorted, 0.5),
      p95_ms: percentile(sorted, 0.95),
      max_ms: sorted.at(-1),
    },
    parallel: {
      n: parallel,
      bursts: burstResults,
      cold,
      steady_median: steady,
      throttles: fn?.throttles ?? 0,
      max_concurrency: fn?.concurrentExecutionsMax ?? 0,
    },
    targets: { p50_ms: 50, files_per_s: 100 },
    original_localstack_e2e_ms: 1100,
  };
  const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
  console.log(
    `Local target, 1,000-row file (${body.length} B), ${result.cores} cores, Node ${process.version}`,
  );
  console.log(
    `  upload -> item, sequential x${sequential}: p50 ${f(result.sequential.p50_ms)} ms  p95 ${f(result.sequential.p95_ms)} ms  max ${f(result.sequential.max_ms)} ms  (target p50 <= 50; original LocalStack ~1100)`,
  );
  const line = (label: string, b: typeof cold) =>
    `  ${label}: ${f(b.seconds)} s = ${f(b.files_per_s)} files/s  CPU ${f(b.cpu_ms_per_file)} ms/file (${(b.cpu_utilisation * 100).toFixed(0)}% of ${result.cores} cores)  completion p50 ${f(b.completion_p50_ms)} ms  p95 ${f(b.completion_p95_ms)} ms`;
  console.log(`  ${parallel} parallel uploads x${bursts} bursts (target >= 100 files/s):`);
  for (const [i, b] of burstResults.entries()) {
    console.log(line(i === 0 ? 'burst 1 (cold JIT)' : `burst ${i + 1}`, b));
  }
  if (steady) console.log(line('steady state (median of bursts 2+)', steady));
  console.log(
    `  throttles ${result.parallel.throttles}  max concurrency ${result.parallel.max_concurrency} (limit 10)`,
  );
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await pipeline.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
