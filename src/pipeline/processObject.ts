import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isProfileError, profileStream } from '../profile/index.js';
import type { Summary } from '../profile/types.js';
import { MetricName } from './constants.js';
import { FileTooLargeError, isTerminalPipelineError, ProcessingTimeoutError } from './errors.js';
import { limitStream } from './limitStream.js';
import { buildErrorItem, buildSuccessItem, type ItemContext } from './metadataItem.js';
import { putItemIfNotOlder } from './metadataStore.js';
import { reportKeyOf, summaryKeyOf } from './resultKey.js';
import { putReport, putSummary } from './s3Sink.js';
import { openObject } from './s3Source.js';
import type { FileErrorCode, HandlerDeps, ObjectInfo, RecordOutcome } from './types.js';

/** One invocation's shared state for its records. */
export interface RecordRun {
  deps: HandlerDeps & { now: () => number };
  requestId: string;
  /** Epoch ms the handler started (for `trigger_delay_ms`). */
  invokedAt: number;
  /** Epoch ms after which streaming is abandoned with TIMEOUT. */
  deadline: number;
}

interface TerminalFailure {
  code: FileErrorCode;
  message: string;
  line?: number | undefined;
}

/** The terminal failure an error stands for, or null when it is transient (to propagate). */
function terminalFailure(error: unknown, signal: AbortSignal): TerminalFailure | null {
  if (isProfileError(error)) return { code: error.code, message: error.message, line: error.line };
  if (isTerminalPipelineError(error)) {
    return { code: error.code as FileErrorCode, message: error.message };
  }
  // The SDK or the body reports the abort in its own words; the reason says why it happened.
  if (signal.aborted && signal.reason instanceof ProcessingTimeoutError) {
    return { code: signal.reason.code as FileErrorCode, message: signal.reason.message };
  }
  return null;
}

/**
 * Streams one object through the profiler and records the result: the summary JSON, then a
 * `success` item that points to it, or an `error` item for a file that cannot be profiled.
 * Transient failures (SDK throttling, 5xx, network) propagate.
 */
export async function processObject(target: ObjectInfo, run: RecordRun): Promise<RecordOutcome> {
  const { s3, dynamodb, config, logger, metrics, now, profileOptions } = run.deps;
  const startedAt = now();
  const eventMs = target.eventTime === null ? Number.NaN : Date.parse(target.eventTime);
  const triggerDelayMs = Number.isFinite(eventMs) ? Math.max(0, run.invokedAt - eventMs) : null;
  const summaryKey = summaryKeyOf(target, config.processedPrefix);
  const reportKey = reportKeyOf(target, config.processedPrefix);
  let object = target;
  let summary: Summary | undefined;
  let failure: TerminalFailure | null = null;
  let bytesRead = 0;
  let profileMs: number | null = null;

  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new ProcessingTimeoutError(
          `processing did not finish ${config.timeoutMarginMs} ms before the Lambda timeout`,
        ),
      ),
    Math.max(0, run.deadline - now()),
  );
  try {
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
    summary = await profileStream(source, {
      maxDecompressedBytes: config.maxDecompressedBytes,
      maxCompressionRatio: config.maxCompressionRatio,
      ...profileOptions,
      fileName: object.fileName,
    });
    profileMs = now() - profileStartedAt;
  } catch (error) {
    failure = terminalFailure(error, controller.signal);
    if (failure === null) throw error;
  } finally {
    clearTimeout(timer);
  }

  const itemContext = (): ItemContext => ({
    requestId: run.requestId,
    processedAt: now(),
    triggerDelayMs,
    profileMs,
    totalMs: now() - startedAt,
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
