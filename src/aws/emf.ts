// CloudWatch Embedded Metric Format (EMF), AWS's structured log format for metrics:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
// This file owns reading it; the local runtime (src/local) and `ingest metrics` on LocalStack
// (src/experiments/metrics) both parse function logs with it.

/** One metric value set from an EMF record. */
export interface EmfMetric {
  namespace: string;
  name: string;
  unit: string;
  values: number[];
  dimensions: Record<string, string>;
  timestamp: number;
}

interface EmfDirective {
  Namespace?: unknown;
  Dimensions?: unknown;
  Metrics?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses a log line holding a CloudWatch Embedded Metric Format record (a JSON object with
 * `_aws.CloudWatchMetrics`); the JSON may follow a tab-separated runtime prefix. Returns
 * undefined for any other line.
 */
export function parseEmf(line: string): EmfMetric[] | undefined {
  const start = line.indexOf('{');
  if (start === -1 || !line.includes('"_aws"')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line.slice(start));
  } catch {
    return undefined;
  }
  if (!isRecord(record) || !isRecord(record._aws)) return undefined;
  const directives = record._aws.CloudWatchMetrics;
  if (!Array.isArray(directives)) return undefined;
  const timestamp = typeof record._aws.Timestamp === 'number' ? record._aws.Timestamp : Date.now();
  const metrics: EmfMetric[] = [];
  for (const directive of directives as EmfDirective[]) {
    const namespace = typeof directive.Namespace === 'string' ? directive.Namespace : '';
    const dimensions: Record<string, string> = {};
    const dimensionSets = Array.isArray(directive.Dimensions) ? directive.Dimensions : [];
    for (const name of dimensionSets.flat()) {
      if (typeof name === 'string' && record[name] !== undefined) {
        dimensions[name] = String(record[name]);
      }
    }
    for (const definition of Array.isArray(directive.Metrics) ? directive.Metrics : []) {
      if (!isRecord(definition) || typeof definition.Name !== 'string') continue;
      const raw = record[definition.Name];
      const values = (Array.isArray(raw) ? raw : [raw]).filter(
        (value): value is number => typeof value === 'number' && Number.isFinite(value),
      );
      if (values.length === 0) continue;
      metrics.push({
        namespace,
        name: definition.Name,
        unit: typeof definition.Unit === 'string' ? definition.Unit : 'None',
        values,
        dimensions,
        timestamp,
      });
    }
  }
  return metrics;
}
