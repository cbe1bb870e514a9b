import type { S3EventName } from '../emulators/S3Emulator.js';

/** One S3 notification configuration: event type prefix plus key prefix and suffix filters. */
export interface NotificationRule {
  /** Event name prefixes, e.g. `ObjectCreated:` for `s3:ObjectCreated:*`. */
  events: readonly string[];
  /** Key prefix filter ('' = any). */
  prefix: string;
  /** Key suffix filter ('' = any). */
  suffix: string;
  /** S3's `configurationId`. */
  id: string;
}

/**
 * The rules the Terraform notification sets up: `s3:ObjectCreated:*` under the upload prefix,
 * one rule per CSV suffix (S3 allows one suffix per rule).
 */
export function csvNotificationRules(
  uploadPrefix: string,
  suffixes: readonly string[],
): NotificationRule[] {
  return suffixes.map((suffix) => ({
    id: `csv-ingest-${suffix.replace(/^\./, '').replace(/\./g, '-')}`,
    events: ['ObjectCreated:'],
    prefix: uploadPrefix,
    suffix,
  }));
}

/** The first rule matching an event (S3 filters are case-sensitive, on the raw key). */
export function matchRule(
  rules: readonly NotificationRule[],
  eventName: S3EventName,
  key: string,
): NotificationRule | undefined {
  return rules.find(
    (rule) =>
      rule.events.some((prefix) => eventName.startsWith(prefix)) &&
      key.startsWith(rule.prefix) &&
      key.endsWith(rule.suffix),
  );
}
