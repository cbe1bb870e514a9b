// Fan-out on the local target (issue 15): a large upload profiled by one invocation, and split
// into pieces across invocations of the processor (FANOUT_MAX_PIECES), run after run on the same
// stack, back to back (paired: the machine may be shared). The time is from the upload's PUT
// acknowledged to its item, as a user waits; the item's `total_ms` is from the S3 event's
// invocation start to the last write. Every item is checked (status, rows, pieces) first.
// Run: npm run bench:fanout [-- --mb 2000 --runs 3 --pieces 8 --json out.json]
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ensureBundle } from '../src/cli/bundle.js';
import { LocalPipeline } from '../src/local/index.js';
import { ensureData } from './generate.mjs';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const mb = flag('mb', 2000);
const runs = Math.max(1, flag('runs', 3));
// Default: as many pieces as cores (the local target's FANOUT_MAX_PIECES default).
const pieces = Math.max(2, flag('pieces', availableParallelism()));
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const file = ensureData('mixed', mb, (line: string) => console.error(line));
const bytes = statSync(file).size;
const dataDir = mkdtempSync(join(tmpdir(), 'bench-fanout-'));
const pipeline = new LocalPipeline();
const bundlePath = await ensureBundle(true);
const info = await pipeline.start({
  port: 0,
  dataDir,
  bundlePath,
  writeLogFiles: false,
  timeoutMs: 600_000,
  memoryMb: 1024,
  // One invocation: never split; split: from 256 MiB, `pieces` at most.
  fanoutMaxPieces: 1,
});

/** Sets FANOUT_MAX_PIECES as an UpdateFunctionConfiguration would (new environments). */
async function maxPieces(n: number): Promise<void> {
  await pipeline.waitForIdle(600_000);
  await pipeline.processor.stop();
  pipeline.processor.updateEnvironment({ FANOUT_MAX_PIECES: String(n) });
  await pipeline.processor.start();
}

async function upload(name: string, expectPieces: number) {
  const key = `uploads/${name}`;
  // The processor may start before the PUT's 200 reaches the client: fresh from before the PUT.
  const putStarted = Date.now();
  await pipeline.s3Client.send(
    new PutObjectCommand({
      Bucket: info.names.bucket,
      Key: key,
      Body: createReadStream(file),
      ContentLength: bytes,
    }),
  );
  const started = performance.now();
  const item = await pipeline.waitForItem(name, { freshAfter: putStarted, timeoutMs: 900_000 });
  const ms = performance.now() - started;
  const split = typeof item.pieces === 'number' ? item.pieces : 1;
  if (item.status !== 'success' || split !== expectPieces) {
    throw new Error(`${name}: ${JSON.stringify({ ...item, summary: undefined })}`);
  }
  return { ms, totalMs: Number(item.total_ms), rows: Number(item.row_count), pieces: split };
}

const samples: Array<Record<string, number>> = [];
try {
  for (let run = 1; run <= runs; run++) {
    await maxPieces(1);
    const one = await upload(`one-${run}.csv`, 1);
    await maxPieces(pieces);
    const split = await upload(`split-${run}.csv`, pieces);
    if (one.rows !== split.rows) throw new Error(`rows differ: ${one.rows} vs ${split.rows}`);
    samples.push({
      run,
      one_ms: Math.round(one.ms),
      split_ms: Math.round(split.ms),
      one_total_ms: one.totalMs,
      split_total_ms: split.totalMs,
      speedup: Math.round((one.ms / split.ms) * 100) / 100,
      load1: Math.round(loadavg()[0]! * 100) / 100,
    });
    console.log(JSON.stringify(samples.at(-1)));
  }
} finally {
  await pipeline.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const speedups = samples.map((s) => s.speedup!).sort((a, b) => a - b);
const result = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  file,
  bytes,
  pieces,
  samples,
  median_speedup: speedups[Math.floor(speedups.length / 2)],
};
console.log(
  `${(bytes / 1e9).toFixed(2)} GB, ${pieces} pieces vs one invocation, ${runs} paired run(s): speed-up ${speedups.join(', ')} (median ${result.median_speedup})`,
);
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
