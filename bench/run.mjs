// Profiler benchmark: contenders side by side, one child process each, counts verified
// before any time is printed.
//
//   npm run bench                       full: mixed 100 MB + 1 GB; narrow, wide, gzip at 100 MB; 5 runs
//   npm run bench -- --quick            one mixed file of ~20 MB, 3 runs
//   npm run bench -- --sizes 100 --only profiler,duckdb1 --runs 3 --variants mixed,wide
//
// Contenders: `ingest` is the command users run (`node bin/ingest.js profile FILE --json
// --threads 1`, the compiled CLI), timed as a whole process; `ingest2` the same with --threads 2
// (one file in two pieces on two threads, issue 15); `profiler` is the library (`profileFile`) in a child,
// timed inside it after its imports; DuckDB SUMMARIZE with 1 and 2 threads, papaparse, a byte
// loop. Every child is also timed as a whole process from outside (wall, and peak RSS through
// GNU time when /usr/bin/time exists), and the command's start-up is measured on a tiny file
// and for `ingest --help`.
//
// Other flags: --tsx (run the profiler from source through tsx instead of an esbuild bundle),
// --no-lambda (skip the Lambda bundle's cold-import measurement), --lambda-bundle <path> and
// --lambda-zip <path> (measure another bundle than dist/lambda/index.mjs and dist/lambda.zip),
// --file <path> (repeatable: measure these CSVs instead of the generated ones).
// Results: a table on stdout and bench/results/<date-time>.json.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildProfiler, PROFILER_SOURCE, profilerAvailable } from './build-profiler.mjs';
import { ensureData, ensureGzipData, VARIANTS } from './generate.mjs';

/** The generated shapes, and `gzip`: the mixed file gzipped (at the smallest size). */
const BENCH_VARIANTS = [...VARIANTS, 'gzip'];
/** Contenders that read plain text only (skipped for gzip files). */
const PLAIN_ONLY = new Set(['papaparse', 'byteloop']);

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const CONTENDER_NAMES = [
  'ingest',
  'ingest2',
  'profiler',
  'duckdb1',
  'duckdb2',
  'papaparse',
  'byteloop',
];
const INGEST_BIN = join(ROOT, 'bin', 'ingest.js');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const STARTUP_RUNS = 10;
const STARTUP_TARGETS_MS = { help: 100, tiny: 120 };
const LAMBDA_BUNDLE = join(ROOT, 'dist/lambda/index.mjs');
const LAMBDA_ZIP = join(ROOT, 'dist/lambda.zip');
const LAMBDA_RUNS = 10;
const COLD_INIT_TARGET_MS = 150;

function parseArgs(argv) {
  const opts = {
    quick: false,
    sizes: null,
    only: null,
    runs: null,
    variants: null,
    tsx: false,
    lambda: true,
    lambdaBundle: LAMBDA_BUNDLE,
    lambdaZip: LAMBDA_ZIP,
    files: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--sizes') opts.sizes = value().split(',').map(Number);
    else if (a === '--only') opts.only = value().split(',');
    else if (a === '--runs') opts.runs = Number(value());
    else if (a === '--variants') opts.variants = value().split(',');
    else if (a === '--tsx') opts.tsx = true;
    else if (a === '--no-lambda') opts.lambda = false;
    else if (a === '--lambda-bundle') opts.lambdaBundle = value();
    else if (a === '--lambda-zip') opts.lambdaZip = value();
    else if (a === '--file') opts.files.push(value());
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  if (opts.sizes?.some((s) => !(s > 0))) usage('--sizes takes positive numbers of MB');
  if (opts.only?.some((c) => !CONTENDER_NAMES.includes(c))) {
    usage(`--only takes names among ${CONTENDER_NAMES.join(',')}`);
  }
  if (opts.variants?.some((v) => !BENCH_VARIANTS.includes(v))) {
    usage(`--variants takes names among ${BENCH_VARIANTS.join(',')}`);
  }
  if (opts.runs !== null && !(opts.runs >= 1)) usage('--runs takes a number >= 1');
  return opts;
}

function usage(error) {
  if (error) console.error(`error: ${error}`);
  console.error(
    'usage: node bench/run.mjs [--quick] [--sizes 100,1000] [--variants mixed,narrow,wide,gzip]\n' +
      `       [--only ${CONTENDER_NAMES.join(',')}] [--runs N] [--tsx] [--no-lambda]\n` +
      '       [--lambda-bundle dist/lambda/index.mjs] [--lambda-zip dist/lambda.zip] [--file f.csv]',
  );
  process.exit(error ? 2 : 0);
}

/** Node 22 for the children: this process if it is 22+, else node_modules/.bin/node. */
function childNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return process.execPath;
  const local = join(ROOT, 'node_modules/.bin/node');
  if (existsSync(local)) return local;
  console.error(`warning: Node ${process.version} < 22 and no node_modules/.bin/node; using it`);
  return process.execPath;
}

/** The files to measure: mixed at every size, the other variants at the smallest size. */
function planFiles(opts) {
  const sizes = opts.sizes ?? (opts.quick ? [20] : [100, 1000]);
  const variants = opts.variants ?? (opts.quick ? ['mixed'] : BENCH_VARIANTS);
  const smallest = Math.min(...sizes);
  const files = [];
  for (const variant of variants) {
    for (const mb of variant === 'mixed' ? sizes : [smallest]) files.push({ variant, mb });
  }
  return files;
}

function contenders(opts, node, profilerModule) {
  const script = (name) => join(BENCH, 'contenders', name);
  const all = {
    ingest: {
      args: (f) => [INGEST_BIN, 'profile', f, '--json', '--threads', '1'],
      summaryJson: true,
    },
    ingest2: {
      args: (f) => [INGEST_BIN, 'profile', f, '--json', '--threads', '2'],
      summaryJson: true,
    },
    profiler: profilerModule && {
      args: (f) => [
        ...(opts.tsx ? ['--import', 'tsx/esm'] : []),
        script('profiler.mjs'),
        f,
        profilerModule,
      ],
    },
    duckdb1: { args: (f) => [script('duckdb.mjs'), f, '1'] },
    duckdb2: { args: (f) => [script('duckdb.mjs'), f, '2'] },
    papaparse: { args: (f) => [script('papaparse.mjs'), f] },
    byteloop: { args: (f) => [script('byteloop.mjs'), f] },
  };
  const names = opts.only ?? CONTENDER_NAMES;
  return names
    .filter((n) => {
      if (all[n]) return true;
      console.error(`note: ${n} skipped (src/files/index.ts does not exist yet)`);
      return false;
    })
    .map((name) => ({ name, node, ...all[name] }));
}

/**
 * Runs one child; resolves to its parsed JSON line (or, for `summaryJson`, the fields read from
 * the summary it prints) plus `wallMs` (the whole process, timed here) and `processRssMb` (its
 * peak RSS from GNU time), or { error }.
 */
function runChild(node, args, summaryJson = false) {
  return new Promise((resolve) => {
    const rssFile = GNU_TIME ? join(BENCH, 'results', `.rss-${process.pid}`) : null;
    if (rssFile) mkdirSync(dirname(rssFile), { recursive: true });
    const [command, commandArgs] = rssFile
      ? [GNU_TIME, ['-f', '%M', '-o', rssFile, node, ...args]]
      : [node, args];
    const started = performance.now();
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let processRssMb = null;
      if (rssFile) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) processRssMb = kb / 1024;
      }
      if (code !== 0) {
        resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
        return;
      }
      try {
        if (summaryJson) {
          const summary = JSON.parse(out);
          resolve({
            rows: summary.row_count,
            columns: summary.column_count,
            fields: null,
            ms: wallMs,
            peakRssMb: processRssMb,
            types: Object.values(summary.schema ?? {}).join(','),
            issues: summary.quality_issues?.issues?.length ?? null,
            wallMs,
            processRssMb,
          });
          return;
        }
        const last = out.trim().split('\n').pop() ?? '';
        resolve({ ...JSON.parse(last), wallMs, processRssMb });
      } catch {
        resolve({ error: `no JSON on stdout: ${out.slice(0, 200)}` });
      }
    });
  });
}

/** Median wall time of a command run `runs` times as a whole process (after one warm-up). */
function startupMs(node, args, runs) {
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    execFileSync(node, args, { cwd: ROOT, stdio: 'ignore' });
    if (i > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Rows must agree everywhere; fields and columns where reported. Returns problems found. */
function verify(fileLabel, first) {
  const problems = [];
  const ok = Object.entries(first).filter(([, r]) => !r.error);
  const rows = new Set(ok.map(([, r]) => r.rows));
  if (rows.size > 1) {
    problems.push(
      `${fileLabel}: row counts disagree: ${ok.map(([n, r]) => `${n}=${r.rows}`).join(', ')}`,
    );
  }
  const fields = ok.filter(([, r]) => r.fields !== null);
  if (new Set(fields.map(([, r]) => r.fields)).size > 1) {
    problems.push(
      `${fileLabel}: field counts disagree: ${fields.map(([n, r]) => `${n}=${r.fields}`).join(', ')}`,
    );
  }
  // Field counters include the header record; with no ragged rows, fields = columns * records.
  const columns = ok.map(([n, r]) => [
    n,
    r.columns ?? (r.fields !== null ? r.fields / (r.rows + 1) : null),
  ]);
  if (new Set(columns.map(([, c]) => c)).size > 1) {
    problems.push(
      `${fileLabel}: column counts disagree: ${columns.map(([n, c]) => `${n}=${c}`).join(', ')}`,
    );
  }
  return problems;
}

/**
 * Per file, the speed-up of `ingest2` over `ingest` and over `duckdb2` run by run (the runs
 * time every contender back to back, so a ratio compares times taken moments apart on a shared
 * machine): each as { median, min, max } of the per-run ratios.
 */
function pairedRatios(results) {
  const byFile = new Map();
  for (const r of results) {
    if (!byFile.has(r.file)) byFile.set(r.file, {});
    byFile.get(r.file)[r.contender] = r;
  }
  const out = [];
  for (const [file, c] of byFile) {
    if (!c.ingest2) continue;
    const ratios = (other, key = 'ms_all') => {
      if (!other) return null;
      const n = Math.min(other[key].length, c.ingest2.ms_all.length);
      const each = Array.from({ length: n }, (_, i) => other[key][i] / c.ingest2.ms_all[i]);
      return { median: median(each), min: Math.min(...each), max: Math.max(...each) };
    };
    out.push({
      file,
      x_ingest: ratios(c.ingest),
      // DuckDB timed inside its process (after its import), and as a whole process.
      x_duckdb2: ratios(c.duckdb2),
      x_duckdb2_process: ratios(c.duckdb2, 'process_ms_all'),
      ingest2_rss_mb: c.ingest2.process_rss_mb,
    });
  }
  return out;
}

function span(r) {
  return r === null ? '-' : `${r.median.toFixed(2)} (${r.min.toFixed(2)}-${r.max.toFixed(2)})`;
}

function cpuModel() {
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // Not Linux.
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Cold import of the Lambda bundle: fresh processes, as Lambda's init phase would. */
async function lambdaColdImport(node, bundle, zip) {
  if (!existsSync(bundle)) return null;
  const url = pathToFileURL(bundle).href;
  const code =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(url)});` +
    'const ms = performance.now() - t0;' +
    'console.log(JSON.stringify({ ms, handler: typeof m.handler, failureHandler: typeof m.failureHandler }));';
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    DYNAMODB_TABLE: 'csv-ingest-local-files',
    FANOUT_TABLE: 'csv-ingest-local-fanout',
    S3_BUCKET: 'csv-ingest-local',
    ENVIRONMENT: 'local',
    POWERTOOLS_SERVICE_NAME: 'csv-ingest',
    POWERTOOLS_METRICS_NAMESPACE: 'CsvIngest',
  };
  const importMs = [];
  const processMs = [];
  const baselineMs = [];
  let exports = null;
  for (let i = 0; i < LAMBDA_RUNS; i++) {
    let t0 = performance.now();
    execFileSync(node, ['-e', ''], { env });
    baselineMs.push(performance.now() - t0);
    t0 = performance.now();
    const out = execFileSync(node, ['--input-type=module', '-e', code], { env, encoding: 'utf8' });
    processMs.push(performance.now() - t0);
    const line = JSON.parse(out.trim().split('\n').pop());
    importMs.push(line.ms);
    exports = { handler: line.handler, failureHandler: line.failureHandler };
  }
  return {
    runs: LAMBDA_RUNS,
    bundle: bundle,
    bundle_kb: statSync(bundle).size / 1024,
    zip_kb: existsSync(zip) ? statSync(zip).size / 1024 : null,
    import_ms_median: median(importMs),
    process_ms_median: median(processMs),
    empty_node_ms_median: median(baselineMs),
    target_ms: COLD_INIT_TARGET_MS,
    exports,
  };
}

function table(headers, rows, alignRight) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r
      .map((c, i) => (alignRight[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
      .join('  ');
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const runs = opts.runs ?? (opts.quick ? 3 : 5);
  const node = childNode();
  const nodeVersion = execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  const log = (m) => process.stderr.write(`${m}\n`);

  let profilerModule = null;
  if (!opts.only || opts.only.includes('profiler')) {
    if (!profilerAvailable()) log('note: src/files/index.ts missing; profiler not measured');
    else if (opts.tsx) profilerModule = PROFILER_SOURCE;
    else profilerModule = await buildProfiler();
  }
  const list = contenders(opts, node, profilerModule);

  const planned =
    opts.files.length > 0
      ? opts.files.map((path) => ({ variant: 'file', mb: null, path }))
      : planFiles(opts).map(({ variant, mb }) => ({
          variant,
          mb,
          path: variant === 'gzip' ? ensureGzipData(mb, log) : ensureData(variant, mb, log),
        }));
  const files = planned.map((f) => ({
    ...f,
    label: basename(f.path),
    bytes: statSync(f.path).size,
  }));

  const results = [];
  const problems = [];
  let duckdbVersion = null;
  for (const file of files) {
    const samples = Object.fromEntries(list.map((c) => [c.name, []]));
    const first = {};
    const gz = file.path.endsWith('.gz');
    if (gz) log(`${file.label}: ${[...PLAIN_ONLY].join(' and ')} read plain text only, skipped`);
    const here = gz ? list.filter((c) => !PLAIN_ONLY.has(c.name)) : list;
    for (let r = 0; r < runs; r++) {
      // Rotate the order each run so no contender always follows the same neighbour.
      const order = here.map((_, i) => here[(i + r) % here.length]);
      for (const c of order) {
        log(`${file.label}: run ${r + 1}/${runs} ${c.name}`);
        if (first[c.name]?.error) continue;
        const res = await runChild(c.node, c.args(file.path), c.summaryJson === true);
        if (r === 0) first[c.name] = res;
        if (res.error) {
          problems.push(`${file.label}: ${c.name} failed: ${res.error}`);
          continue;
        }
        if (res.version) duckdbVersion = res.version;
        samples[c.name].push(res);
      }
      if (r === 0) {
        const bad = verify(file.label, first);
        if (bad.length > 0) {
          console.error(`count verification failed; no times printed:\n  ${bad.join('\n  ')}`);
          process.exit(1);
        }
      }
    }
    for (const c of list) {
      const s = samples[c.name];
      if (s.length === 0) continue;
      const ms = median(s.map((x) => x.ms));
      results.push({
        contender: c.name,
        file: file.label,
        variant: file.variant,
        bytes: file.bytes,
        rows: s[0].rows,
        columns: s[0].columns ?? (s[0].fields !== null ? s[0].fields / (s[0].rows + 1) : null),
        runs: s.length,
        ms_median: ms,
        ms_all: s.map((x) => x.ms),
        process_ms_all: s.map((x) => x.wallMs),
        mb_per_s: file.bytes / 1e6 / (ms / 1000),
        rows_per_s: s[0].rows / (ms / 1000),
        peak_rss_mb: Math.max(...s.map((x) => x.peakRssMb ?? 0)),
        process_ms_median: median(s.map((x) => x.wallMs)),
        process_rss_mb: s.some((x) => x.processRssMb === null)
          ? null
          : Math.max(...s.map((x) => x.processRssMb)),
        ...(c.name === 'profiler' || c.name.startsWith('ingest')
          ? { types: s[0].types, issues: s[0].issues }
          : {}),
      });
    }
  }

  const lambda = opts.lambda
    ? await lambdaColdImport(node, opts.lambdaBundle, opts.lambdaZip)
    : null;
  const env = {
    date: new Date().toISOString(),
    node: nodeVersion,
    duckdb: duckdbVersion,
    cpu: cpuModel(),
    cores: cpus().length,
    loadavg_at_end: loadavg().map((x) => Number(x.toFixed(2))),
    profiler_build: profilerModule ? (opts.tsx ? 'tsx (source)' : 'esbuild bundle') : null,
    quick: opts.quick,
    runs,
  };

  const baseline = new Map(
    results.filter((r) => r.contender === 'duckdb1').map((r) => [r.file, r]),
  );
  for (const r of results) {
    const b = baseline.get(r.file);
    r.ratio_to_duckdb1 = b ? r.mb_per_s / b.mb_per_s : null;
    // Whole process against whole process: what a user waits for, start-up included.
    r.process_ratio_to_duckdb1 = b ? b.process_ms_median / r.process_ms_median : null;
  }
  const paired = pairedRatios(results);
  const tiny = join(BENCH, 'data', 'tiny.csv');
  mkdirSync(dirname(tiny), { recursive: true });
  writeFileSync(tiny, 'id,name\n1,a\n');
  const startup = list.some((c) => c.name === 'ingest')
    ? {
        runs: STARTUP_RUNS,
        help_ms_median: startupMs(node, [INGEST_BIN, '--help'], STARTUP_RUNS),
        tiny_profile_ms_median: startupMs(node, [INGEST_BIN, 'profile', tiny], STARTUP_RUNS),
        empty_node_ms_median: startupMs(node, ['-e', ''], STARTUP_RUNS),
        targets_ms: STARTUP_TARGETS_MS,
      }
    : null;

  console.log(
    `Node ${env.node} | DuckDB ${env.duckdb ?? 'n/a'} | ${env.cpu} x${env.cores} | ` +
      `load ${env.loadavg_at_end.join(' ')} | ${env.date}`,
  );
  console.log(
    `median of ${runs} run(s); MB/s timed inside each child after its imports, except ingest` +
      ' (the whole command); process s and RSS: each whole process, from outside\n',
  );
  console.log(
    table(
      [
        'contender',
        'file',
        'rows',
        'MB/s',
        'x duckdb1',
        'process s',
        'x duckdb1 (process)',
        'peak RSS MB',
      ],
      results.map((r) => [
        r.contender,
        r.file,
        r.rows,
        r.mb_per_s.toFixed(1),
        r.ratio_to_duckdb1 === null ? '-' : r.ratio_to_duckdb1.toFixed(2),
        (r.process_ms_median / 1000).toFixed(2),
        r.process_ratio_to_duckdb1 === null ? '-' : r.process_ratio_to_duckdb1.toFixed(2),
        (r.process_rss_mb ?? r.peak_rss_mb).toFixed(0),
      ]),
      [false, false, true, true, true, true, true, true],
    ),
  );
  if (startup) {
    console.log(`\ningest start-up (median of ${startup.runs} whole processes)\n`);
    console.log(
      table(
        ['ingest --help ms', 'ingest profile tiny.csv ms', 'empty node ms', 'targets ms'],
        [
          [
            startup.help_ms_median.toFixed(0),
            startup.tiny_profile_ms_median.toFixed(0),
            startup.empty_node_ms_median.toFixed(0),
            `<= ${startup.targets_ms.help} / <= ${startup.targets_ms.tiny}`,
          ],
        ],
        [true, true, true, false],
      ),
    );
  }
  if (lambda) {
    console.log(`\nLambda bundle cold import (median of ${lambda.runs} fresh processes)\n`);
    console.log(
      table(
        ['bundle KB', 'zip KB', 'import ms', 'process ms', 'empty node ms', 'target ms'],
        [
          [
            lambda.bundle_kb.toFixed(0),
            lambda.zip_kb === null ? '-' : lambda.zip_kb.toFixed(0),
            lambda.import_ms_median.toFixed(1),
            lambda.process_ms_median.toFixed(1),
            lambda.empty_node_ms_median.toFixed(1),
            `<= ${lambda.target_ms} (import)`,
          ],
        ],
        [true, true, true, true, true, false],
      ),
    );
  } else if (opts.lambda) {
    console.log(`\nLambda bundle: ${opts.lambdaBundle} not built (npm run build); skipped`);
  }
  if (paired.length > 0) {
    console.log(
      '\nThreads, paired (the machine is shared: each run times the contenders back to back, so\n' +
        'each ratio is of times taken moments apart; median and range over the runs)\n',
    );
    console.log(
      table(
        [
          'file',
          'ingest2 x ingest',
          'ingest2 x duckdb2',
          'x duckdb2 (process)',
          'ingest2 peak RSS MB',
        ],
        paired.map((p) => [
          p.file,
          span(p.x_ingest),
          span(p.x_duckdb2),
          span(p.x_duckdb2_process),
          p.ingest2_rss_mb === null ? '-' : p.ingest2_rss_mb.toFixed(0),
        ]),
        [false, true, true, true, true],
      ),
    );
  }
  if (problems.length > 0) console.log(`\nproblems:\n  ${problems.join('\n  ')}`);

  const dir = join(BENCH, 'results');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${env.date.replace(/:/g, '-').replace(/\..+$/, '')}.json`);
  writeFileSync(
    out,
    `${JSON.stringify({ env, results, paired, startup, lambda, problems }, null, 2)}\n`,
  );
  console.log(`\nwritten ${out}`);
  if (problems.length > 0) process.exit(1);
}

await main();
