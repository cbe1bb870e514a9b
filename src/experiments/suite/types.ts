/** What an experiment function returns; the runner adds id, title, status and timing. */
export interface ExperimentOutput {
  samples: Array<Record<string, unknown>>;
  summary: Record<string, unknown>;
  notes: string[];
}
