import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Makes `environment` the only metric dimension. Powertools adds `service` by default; it is
 * dropped so every metric has exactly the dimension set `[environment]`, which is what alarms
 * and dashboards select on (CloudWatch matches the full dimension set).
 */
export function useEnvironmentDimension(metrics: Metrics, environment: string): void {
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ environment });
}
