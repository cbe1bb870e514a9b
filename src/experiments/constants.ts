/** The targets the suite runs on. */
export const TargetKind = { local: 'local', localstack: 'localstack', aws: 'aws' } as const;
export type TargetKind = (typeof TargetKind)[keyof typeof TargetKind];

/** Experiment identifiers (E was dropped from the original numbering). */
export const EXPERIMENT_IDS = ['A', 'B', 'C', 'D', 'F', 'G', 'H', 'I'] as const;
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

/** `--safe`: the light, cheap subset. */
export const SAFE_EXPERIMENTS: readonly ExperimentId[] = ['B', 'D', 'H'];

/** Titles of the experiments, for reports. */
export const EXPERIMENT_TITLES: Record<ExperimentId, string> = {
  A: 'Deployment speed',
  B: 'End-to-end timing',
  C: 'Cold versus warm start',
  D: 'Failure injection',
  F: 'File-size scaling',
  G: 'Parallel scaling',
  H: 'IAM fidelity',
  I: 'Fan-out scaling',
};

export const Scale = { quick: 'quick', full: 'full' } as const;
export type Scale = (typeof Scale)[keyof typeof Scale];

/** Parameters per scale. Quick keeps the whole local suite well under a minute. */
export const SCALE_PARAMETERS = {
  quick: {
    deployRuns: 2,
    e2eRuns: 10,
    e2eRows: 1_000,
    coldRounds: 2,
    warmPerRound: 3,
    fileSizes: [100, 1_000, 10_000],
    parallelLevels: [1, 5, 10, 20],
    fanoutRows: 10_000,
    fanoutPieces: [1, 2, 4],
    fanoutRuns: 1,
  },
  full: {
    deployRuns: 3,
    e2eRuns: 30,
    e2eRows: 1_000,
    coldRounds: 5,
    warmPerRound: 5,
    fileSizes: [100, 1_000, 10_000, 100_000, 1_000_000],
    parallelLevels: [1, 5, 10, 20, 50, 100],
    fanoutRows: 4_000_000,
    fanoutPieces: [1, 2, 4, 8],
    fanoutRuns: 3,
  },
} as const satisfies Record<Scale, ScaleParameters>;

/** What one scale runs. */
export interface ScaleParameters {
  deployRuns: number;
  e2eRuns: number;
  e2eRows: number;
  coldRounds: number;
  warmPerRound: number;
  fileSizes: readonly number[];
  parallelLevels: readonly number[];
  /** Experiment I: the rows of the upload split, the piece counts tried, runs per count. */
  fanoutRows: number;
  fanoutPieces: readonly number[];
  fanoutRuns: number;
}

/** Adaptive polling of GetItem: first wait, doubling up to the cap. */
export const POLL = { initialMs: 5, maxMs: 50, timeoutMs: 60_000 } as const;

/** Rows of the `ingest test` file. */
export const INGEST_TEST_ROWS = 1_000;

/** Key prefix (under `uploads/`) of everything `ingest test` uploads. */
export const INGEST_TEST_PREFIX = 'ingest-test/';

/** Key prefix (under `uploads/`) of everything the suite uploads; a run id follows. */
export const EXPERIMENT_PREFIX = 'experiments/';

/** Version of the results JSON. */
export const RESULTS_VERSION = '1.0';

/** Seed of the bootstrap RNG: comparison output is reproducible. */
export const BOOTSTRAP_SEED = 20_240_601;

/** Bootstrap resamples per confidence interval. */
export const BOOTSTRAP_RESAMPLES = 2_000;
