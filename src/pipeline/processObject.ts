import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { profileStream } from '../profile/index.js';
import type { Summary } from '../profile/types.js';
import { MetricName } from './constants.js';
import { FileTooLargeError } from './errors.js';
import { fanoutPieces, startFanout } from './fanout/startFanout.js';
import { limitStream } from './limitStream.js';
import { buildErrorItem, buildSuccessItem, type ItemContext } from './metadataItem.js';
import { putItemIfNotOlder } from './metadataStore.js';
import {
  deadlineTimer,
  profileOptionsOf,
  type RecordRun,
  type TerminalFailure,
  terminalFailure,
} from './recordRun.js';
import { reportKeyOf, summaryKeyOf } from './resultKey.js';
import { putReport, putSummary } from './s3Sink.js';
import { openObject } from './s3Source.js';
import type { ObjectInfo, RecordOutcome } from './types.js';

export type { RecordRun } from './recordRun.js';

/**
 * Streams one object through the profiler and records the result: the summary JSON, then a
 * `success` item that points to it, or an `error` item for a file that cannot be profiled.
 * An object of FANOUT_MIN_BYTES or more is split instead: its pieces are profiled by
 * invocations of this function (fanout/), and the last of them records the result.
 * Transient failures (SDK throttling, 5xx, network) propagate.
 */
export async function processObject(target: ObjectInfo, run: RecordRun): Promise<RecordOutcome> {
  const { s3, config, now } = run.deps;
  const startedAt = now();
  const eventMs = target.eventTime === null ? Number.NaN : Date.parse(target.eventTime);
  const triggerDelayMs = Number.isFinite(eventMs) ? Math.max(0, run.invokedAt - eventMs) : null;
  let object = target;
  let summary: Summary | undefined;
  let failure: TerminalFailure | null = null;
  let bytesRead = 0;
  let profileMs: number | null = null;

  const controller = new AbortController();
  const timer = deadlineTimer(run, controller);
  try {
    if (fanoutPieces(target, run) > 1) {
      const split = await startFanout(target, run, controller.signal);
      if (split !== null) return split;
    }
    const opened = await openObject(s3, object, controller.signal);
    object = {
      ...object,
      sizeBytes: opened.contentLength ?? object.sizeBytes,
      etag: opened.etag ?? object.etag,
    };
    if (opened.contentLength !== null && opened.contentLength > config.maxFileBytes) {
      opened.destroy();
      throw new FileTooLargeError(
        `object has ${opened.contentLength} bytes, more than MAX_FILE_BYTES (${config.maxFileBytes})`,
      );
    }
    const profileStartedAt = now();
    const source = limitStream(opened.body, {
      maxBytes: config.maxFileBytes,
      signal: controller.signal,
      destroy: opened.destroy,
      onBytes: (total) => {
        bytesRead = total;
      },
    });
    summary = await profileStream(source, profileOptionsOf(run, object));
    profileMs = now() - profileStartedAt;
  } catch (error) {
    failure = terminalFailure(error, controller.signal);
    if (failure === null) throw error;
  } finally {
    clearTimeout(timer);
  }
  return recordResult(object, run, {
    summary,
    failure,
    bytesRead,
    profileMs,
    startedAt,
    triggerDelayMs,
  });
}

/** What a profile of an upload came to (one pass, or the merge of a split's pieces). */
export interface ProfileResult {
  summary: Summary | undefined;
  failure: TerminalFailure | null;
  bytesRead: number;
  profileMs: number | null;
  /** Epoch ms the upload's processing started (its item's `total_ms` counts from it). */
  startedAt: number;
  triggerDelayMs: number | null;
  /** Pieces of a split upload (absent: one pass). */
  pieces?: number;
}

/**
 * Records an upload's result: the `error` item, or the summary and report and then the
 * `success` item, with its metrics and log line. The one home of the order of these writes (the
 * item contract), for one pass and for a split upload's last piece alike.
 */
export async function recordResult(
  object: ObjectInfo,
  run: RecordRun,
  result: ProfileResult,
): Promise<RecordOutcome> {
  const { s3, dynamodb, config, logger, metrics, now } = run.deps;
  const { summary, failure, bytesRead, profileMs, startedAt, triggerDelayMs } = result;
  const summaryKey = summaryKeyOf(object, config.processedPrefix);
  const reportKey = reportKeyOf(object, config.processedPrefix);

  const itemContext = (): ItemContext => ({
    requestId: run.requestId,
    processedAt: now(),
    triggerDelayMs,
    profileMs,
    totalMs: now() - startedAt,
    pieces: result.pieces,
  });

  /** The conditional PutItem; false (logged) when a newer event for the file is recorded. */
  const storeItem = async (
    item: Parameters<typeof putItemIfNotOlder>[2],
    logFields: Record<string, unknown> = {},
  ): Promise<boolean> => {
    const written = await putItemIfNotOlder(
      dynamodb,
      config.dynamodbTable,
      item,
      object.orderKey,
      'replace-equal',
    );
    if (written === 'written') return true;
    logger.info('skipped: a newer event for this file is already recorded', {
      order_key: object.orderKey,
      ...logFields,
    });
    return false;
  };

  if (summary === undefined) {
    const code = failure?.code ?? 'PROCESSING_FAILED';
    const message = failure?.message ?? 'unknown failure';
    const built = buildErrorItem(object, itemContext(), code, message);
    if (!(await storeItem(built.item, { error_code: code }))) {
      return { status: 'stale', fileName: object.fileName };
    }
    metrics.addMetric(MetricName.FilesFailed, MetricUnit.Count, 1);
    metrics.addMetric(MetricName.ProcessingTime, MetricUnit.Milliseconds, now() - startedAt);
    if (triggerDelayMs !== null) {
      metrics.addMetric(MetricName.TriggerDelay, MetricUnit.Milliseconds, triggerDelayMs);
    }
    logger.warn('file could not be processed', {
      error_code: code,
      error_message: message,
      error_line: failure?.line,
      bytes_read: bytesRead,
    });
    return { status: 'error', fileName: object.fileName, errorCode: code };
  }

  const built = buildSuccessItem(
    object,
    itemContext(),
    summary,
    { summaryKey, reportKey },
    config.itemBudgetBytes,
  );
  // Order matters (this function owns the rule; README "The item contract"). The summary and
  // the HTML report go first, under keys unique to this object version, so a `success` item is
  // never visible before the results it names, and no other version's result can overwrite them. Then the
  // conditional PutItem decides, atomically, whether this event is the newest for the file. A
  // crash between the two leaves only the summary object, which no item names yet; Lambda's
  // retry writes the same key again and then the item. A late, older event writes its own
  // summary object, but its item write fails the condition, so readers never see it.
  await putSummary(s3, object.bucket, summaryKey, summary);
  await putReport(s3, object.bucket, reportKey, summary, {
    sizeBytes: object.sizeBytes ?? bytesRead,
    ...(profileMs === null ? {} : { durationMs: profileMs }),
    generatedAt: new Date(now()).toISOString(),
    source: `s3://${object.bucket}/${object.key}`,
  });
  if (!(await storeItem(built.item, { summary_key: summaryKey }))) {
    return { status: 'stale', fileName: object.fileName };
  }

  const totalMs = now() - startedAt;
  const issueCount = summary.quality_issues.issues.length;
  metrics.addMetric(MetricName.FilesProcessed, MetricUnit.Count, 1);
  metrics.addMetric(MetricName.RowsProcessed, MetricUnit.Count, summary.row_count);
  metrics.addMetric(MetricName.BytesProcessed, MetricUnit.Bytes, bytesRead);
  metrics.addMetric(MetricName.ProcessingTime, MetricUnit.Milliseconds, totalMs);
  metrics.addMetric(MetricName.QualityIssues, MetricUnit.Count, issueCount);
  if (triggerDelayMs !== null) {
    metrics.addMetric(MetricName.TriggerDelay, MetricUnit.Milliseconds, triggerDelayMs);
  }
  logger.info('file processed', {
    summary_key: summaryKey,
    report_key: reportKey,
    rows: summary.row_count,
    columns: summary.column_count,
    bytes_read: bytesRead,
    quality_issues: issueCount,
    item_bytes: built.size,
    truncated: built.truncated,
    profile_ms: profileMs,
    total_ms: totalMs,
  });
  return {
    status: 'success',
    fileName: object.fileName,
    summaryKey,
    reportKey,
    truncated: built.truncated,
    rows: summary.row_count,
  };
}
