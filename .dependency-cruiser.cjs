// The layers of src/ (docs/architecture.md draws them). Each layer may import only the layers
// below it; `npm test` runs this check (`npm run check:layers`), so an upward import fails CI.
//
//   cli -> dashboard | experiments -> deploy | local | build -> pipeline -> report | files -> profile -> aws -> shared
//
// Layers on one line joined by `|` are siblings: neither imports the other. A layer's row bounds
// what it may import, and MAY_IMPORT can allow fewer: of the layers above `files`, only cli may
// import it (the pipeline reads S3, never a local disk).
/** The layers each layer may import, besides itself. */
const MAY_IMPORT = {
  cli: [
    'dashboard',
    'experiments',
    'deploy',
    'local',
    'build',
    'pipeline',
    'report',
    'files',
    'profile',
    'aws',
    'shared',
  ],
  dashboard: ['local', 'pipeline', 'report', 'profile', 'aws', 'shared'],
  experiments: ['deploy', 'local', 'pipeline', 'report', 'profile', 'aws', 'shared'],
  deploy: ['pipeline', 'report', 'profile', 'aws', 'shared'],
  local: ['pipeline', 'report', 'profile', 'aws', 'shared'],
  build: ['pipeline', 'report', 'profile', 'aws', 'shared'],
  pipeline: ['report', 'profile', 'aws', 'shared'],
  report: ['profile', 'aws', 'shared'],
  files: ['profile', 'aws', 'shared'],
  profile: ['aws', 'shared'],
  aws: ['shared'],
  shared: [],
};

/**
 * Node modules that do I/O or run threads and processes. The profiler takes bytes and returns a
 * summary (docs/architecture.md); reading files and running worker threads is src/files/'s job,
 * talking to S3 the pipeline's. dependency-cruiser resolves `node:fs` to `fs`.
 */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'worker_threads',
  'child_process',
  'cluster',
  'net',
  'tls',
  'dgram',
  'http',
  'https',
  'http2',
];

const layerRules = Object.entries(MAY_IMPORT).map(([layer, below]) => ({
  name: `layer-${layer}`,
  severity: 'error',
  comment: `src/${layer} may import only ${below.length === 0 ? 'itself' : below.join(', ')} (layers point down)`,
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: `^src/(${[layer, ...below].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'src-outside-layers',
      severity: 'error',
      comment: 'every folder of src/ is a layer listed in MAY_IMPORT above',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: `^src/(${Object.keys(MAY_IMPORT).join('|')})/` },
    },
    {
      name: 'src-folder-is-a-layer',
      severity: 'error',
      comment:
        'a new folder of src/ gets its place in MAY_IMPORT above (and in docs/architecture.md)',
      from: { path: '^src/', pathNot: `^src/(${Object.keys(MAY_IMPORT).join('|')})/` },
      to: { path: '^src/' },
    },
    {
      name: 'profile-has-no-io',
      severity: 'error',
      comment:
        'src/profile is bytes in, a summary out: files and threads live in src/files, S3 in src/pipeline',
      from: { path: '^src/profile/' },
      to: { dependencyTypes: ['core'], path: `^(node:)?(${IO_MODULES.join('|')})$` },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      comment: 'production code (src/, bin/) never imports tests, fixtures, benchmarks or scripts',
      from: { path: '^(src|bin)/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'an import this check cannot resolve is one it cannot judge',
      from: { path: '^(src|bin)/' },
      // bin/ingest.js loads tsx (a dev dependency) only under INGEST_FROM_SOURCE=1.
      to: { couldNotResolve: true, pathNot: '^tsx/' },
    },
  ],
  options: {
    // TypeScript 7 ships no compiler API yet; swc parses the sources, type-only imports included.
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // AssemblyScript sources of the WebAssembly kernel: compiled at build time, imported by none.
    exclude: { path: '^src/profile/kernel/assembly/' },
  },
};
