import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToAttr, marshall } from '@aws-sdk/util-dynamodb';
import type { Summary } from '../profile/types.js';
import { DEFAULTS, ItemStatus, PROCESSOR_VERSION } from './constants.js';
import { attributeValueSize, itemSize, mapEntrySize } from './itemSize.js';
import { type DynamoSafe, sanitize } from './sanitize.js';
import type { FileErrorCode, ObjectInfo } from './types.js';

const MARSHALL_OPTIONS = { removeUndefinedValues: true, allowImpreciseNumbers: true } as const;

/** Per-record timings and identifiers written with every item. */
export interface ItemContext {
  requestId: string;
  /** Epoch ms of the write (becomes `processed_timestamp`). */
  processedAt: number;
  triggerDelayMs: number | null;
  profileMs: number | null;
  totalMs: number | null;
  /** Pieces a split upload was profiled in (fanout/); absent for one pass. */
  pieces?: number | undefined;
}

/** Where the results of a success are in S3 (both written before the item). */
export interface ResultKeys {
  summaryKey: string;
  reportKey: string;
}

/** A marshalled item ready for PutItem, with its size as DynamoDB counts it. */
export interface BuiltItem {
  item: Record<string, AttributeValue>;
  size: number;
  truncated: boolean;
}

/** Parts of the compact summary, in the order they get the byte budget. */
const SECTIONS = [
  'schema',
  'quality_issues.missing_values',
  'quality_issues.invalid_values',
  'statistics',
  'quality_issues.issues',
] as const;
type Section = (typeof SECTIONS)[number];

function baseFields(object: ObjectInfo, context: ItemContext, status: ItemStatus) {
  return {
    file_name: object.fileName,
    status,
    upload_timestamp: object.eventTime ?? undefined,
    processed_timestamp: new Date(context.processedAt).toISOString(),
    bucket: object.bucket,
    key: object.key,
    size_bytes: object.sizeBytes ?? undefined,
    etag: object.etag ?? undefined,
    version_id: object.versionId ?? undefined,
    sequencer: object.sequencer ?? undefined,
    order_key: object.orderKey,
    processor_version: PROCESSOR_VERSION,
    request_id: context.requestId,
    trigger_delay_ms: context.triggerDelayMs ?? undefined,
    profile_ms: context.profileMs ?? undefined,
    pieces: context.pieces,
    total_ms: context.totalMs ?? undefined,
  };
}

/** The `error` item of a file that could not be processed. */
export function buildErrorItem(
  object: ObjectInfo,
  context: ItemContext,
  errorCode: FileErrorCode,
  errorMessage: string,
): BuiltItem {
  const message =
    errorMessage.length > DEFAULTS.maxErrorMessageLength
      ? `${errorMessage.slice(0, DEFAULTS.maxErrorMessageLength - 1)}…`
      : errorMessage;
  const item = marshall(
    sanitize({
      ...baseFields(object, context, ItemStatus.error),
      error_code: errorCode,
      error_message: message,
    }) as Record<string, DynamoSafe>,
    MARSHALL_OPTIONS,
  );
  return { item, size: itemSize(item), truncated: false };
}

/** Entries of one section, each marshalled with its size contribution inside its container. */
function sectionEntries(
  section: Section,
  summary: Summary,
): { name: string; value: AttributeValue; size: number }[] {
  const toAttr = (value: unknown) => convertToAttr(sanitize(value), MARSHALL_OPTIONS);
  const mapEntries = (record: Record<string, unknown>) =>
    Object.entries(sanitize(record) as Record<string, DynamoSafe>).map(([name, raw]) => {
      const value = toAttr(raw);
      return { name, value, size: mapEntrySize(name, value) };
    });
  switch (section) {
    case 'schema':
      return mapEntries(summary.schema);
    case 'statistics':
      return mapEntries(summary.statistics);
    case 'quality_issues.missing_values':
      return mapEntries(summary.quality_issues.missing_values);
    case 'quality_issues.invalid_values':
      return mapEntries(summary.quality_issues.invalid_values);
    case 'quality_issues.issues':
      return summary.quality_issues.issues.map((issue, index) => {
        const value = toAttr(issue);
        return { name: String(index), value, size: 1 + attributeValueSize(value) };
      });
  }
}

/**
 * The `success` item: identifiers, timings and the compact summary (schema, original
 * statistics, quality totals, issue list). Sections are cut, in the order of {@link SECTIONS},
 * so the item stays within `budget` bytes as DynamoDB counts item size; then `truncated` is
 * true and `truncated_fields` names the cut sections (the full summary is in S3).
 */
export function buildSuccessItem(
  object: ObjectInfo,
  context: ItemContext,
  summary: Summary,
  keys: ResultKeys,
  budget: number = DEFAULTS.itemBudgetBytes,
): BuiltItem {
  const item = marshall(
    sanitize({
      ...baseFields(object, context, ItemStatus.success),
      summary_key: keys.summaryKey,
      report_key: keys.reportKey,
      summary_version: summary.summary_version,
      row_count: summary.row_count,
      column_count: summary.column_count,
      schema: {},
      statistics: {},
      quality_issues: {
        total_rows: summary.quality_issues.total_rows,
        missing_values: {},
        invalid_values: {},
        has_issues: summary.quality_issues.has_issues,
        issue_count: summary.quality_issues.issues.length,
        issues: [],
      },
      truncated: false,
      // Reserve the flag's list with the longest content, so cutting never outgrows the budget.
      truncated_fields: [...SECTIONS],
    }) as Record<string, DynamoSafe>,
    MARSHALL_OPTIONS,
  );
  let size = itemSize(item);
  const cut: Section[] = [];
  const qualityIssues = item.quality_issues?.M ?? {};
  const containers: Record<Section, AttributeValue> = {
    schema: item.schema ?? { M: {} },
    statistics: item.statistics ?? { M: {} },
    'quality_issues.missing_values': qualityIssues.missing_values ?? { M: {} },
    'quality_issues.invalid_values': qualityIssues.invalid_values ?? { M: {} },
    'quality_issues.issues': qualityIssues.issues ?? { L: [] },
  };
  for (const section of SECTIONS) {
    const container = containers[section];
    for (const entry of sectionEntries(section, summary)) {
      if (size + entry.size > budget) {
        cut.push(section);
        break;
      }
      size += entry.size;
      if (container.L !== undefined) container.L.push(entry.value);
      else if (container.M !== undefined) container.M[entry.name] = entry.value;
    }
  }
  item.truncated = { BOOL: cut.length > 0 };
  if (cut.length > 0) item.truncated_fields = { L: cut.map((section) => ({ S: section })) };
  else delete item.truncated_fields;
  return { item, size: itemSize(item), truncated: cut.length > 0 };
}
