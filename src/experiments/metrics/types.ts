/** Where a metric value came from. */
export type MetricSource = 'cloudwatch' | 'logs' | 'local';

/** One metric value; `derived` marks values computed from logs instead of published metrics. */
export interface MetricRow {
  namespace: string;
  name: string;
  stat: string;
  value: number | null;
  unit: string;
  source: MetricSource;
  derived: boolean;
  /** CloudWatch rows: how many datapoints the value combines (0: CloudWatch had none). */
  datapoints?: number;
  note?: string;
}

/** The output of `ingest metrics`. */
export interface MetricsReport {
  target: string;
  from: string;
  to: string;
  rows: MetricRow[];
  notes: string[];
}
