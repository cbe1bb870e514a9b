import { KEY_RULES } from '../aws/keyRules.js';

/** Version written to every metadata item as `processor_version` (kept equal to package.json). */
export const PROCESSOR_VERSION = '0.2.0';

/**
 * Defaults the handler does not read from its environment (those are in FUNCTION_ENVIRONMENT,
 * src/pipeline/functionEnvironment.ts).
 */
export const DEFAULTS = {
  /** Time kept back from the Lambda deadline to write the error item and flush metrics. */
  timeoutMarginMs: 5_000,
  /** Budget for the DynamoDB item, as DynamoDB counts size (the hard limit is 400 KB). */
  itemBudgetBytes: 350 * 1024,
  /** Longest `error_message` stored in an item. */
  maxErrorMessageLength: 1_000,
} as const;

/**
 * Object suffixes the processor handles, exactly as the S3 notification filters them
 * (case-sensitive; src/aws/keyRules.json owns the list).
 */
export const CSV_SUFFIXES: readonly string[] = KEY_RULES.csvSuffixes;

/** Suffix of the summary object written under the processed prefix. */
export const SUMMARY_SUFFIX = '_summary.json';

/** Suffix of the HTML report written beside the summary. */
export const REPORT_SUFFIX = '_report.html';

/** Environments the `environment` metric dimension may take. */
export const ENVIRONMENTS = ['local', 'localstack', 'aws'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** EMF metric names. */
export const MetricName = {
  FilesProcessed: 'FilesProcessed',
  FilesFailed: 'FilesFailed',
  RowsProcessed: 'RowsProcessed',
  BytesProcessed: 'BytesProcessed',
  ProcessingTime: 'ProcessingTime',
  TriggerDelay: 'TriggerDelay',
  QualityIssues: 'QualityIssues',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Item `status` values. */
export const ItemStatus = { success: 'success', error: 'error' } as const;
export type ItemStatus = (typeof ItemStatus)[keyof typeof ItemStatus];
