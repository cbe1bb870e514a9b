import type { ExperimentId, Scale } from '../constants.js';
import type { TargetMetadata } from '../targets/Target.js';

/** How an experiment ended. */
export type ExperimentStatus = 'completed' | 'failed';

/** One experiment's output: every raw sample plus a summary computed from them. */
export interface ExperimentResult {
  id: ExperimentId;
  title: string;
  status: ExperimentStatus;
  started_at: string;
  duration_ms: number;
  error: string | null;
  notes: string[];
  summary: Record<string, unknown>;
  samples: Array<Record<string, unknown>>;
}

/** Where and when the suite ran. */
export interface EnvironmentMetadata extends TargetMetadata {
  run_id: string;
  scale: Scale;
  safe: boolean;
  experiments: ExperimentId[];
  started_at: string;
  finished_at: string;
  tool_version: string;
  node_version: string;
  platform: string;
  arch: string;
  cpus: number;
  /** `processor_version` of the items the run produced, when any. */
  processor_version: string | null;
}

/** The results JSON of `ingest experiments run`. */
export interface Results {
  results_version: string;
  environment: EnvironmentMetadata;
  experiments: Partial<Record<ExperimentId, ExperimentResult>>;
}
