import { globSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The unit tier (`npm run test:unit`, seconds): the profiler with its sketches and its reads of
 * a temporary file (src/files/, no worker threads), the pipeline's pure parts, AWS's rule
 * tables, the error registry and the report renderer. No emulator, no CLI process, no browser,
 * no DuckDB, no kernel rebuild. Everything else is the integration tier; `npm test` runs both.
 */
const UNIT = [
  'test/profile/**/*.test.ts',
  'test/files/profileFile.test.ts',
  'test/pipeline/config.test.ts',
  'test/pipeline/limitStream.test.ts',
  'test/pipeline/metadataItem.test.ts',
  'test/pipeline/objectKey.test.ts',
  'test/pipeline/resultKey.test.ts',
  'test/aws/**/*.test.ts',
  'test/shared/**/*.test.ts',
  'test/report/escape.test.ts',
  'test/report/renderProfileReport.test.ts',
];

/** Files under the unit globs that are not units: the kernel rebuild, a DuckDB comparison. */
const NOT_UNIT = [
  'test/profile/kernel/build.test.ts',
  'test/profile/sketch/quantileDiscIndex.test.ts',
];

/** The unit tier's files, listed once: the integration tier is every other test file. */
const UNIT_FILES = globSync(UNIT).filter((file) => !NOT_UNIT.includes(file));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        // Threads start faster than forks. Each file keeps its own module state (isolate stays
        // on): some modules hold process-wide memos (the histogram's BinBounds), and a test file
        // that fills one must not change what another file sees.
        // Every core: the default leaves one free, which on two cores is half the machine.
        test: {
          name: 'unit',
          include: UNIT_FILES,
          pool: 'threads',
          maxWorkers: availableParallelism(),
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: UNIT_FILES,
          globalSetup: ['test/setup/buildCli.ts'],
        },
      },
    ],
  },
});
