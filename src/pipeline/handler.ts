import type { Context, S3Event } from 'aws-lambda';
import { ProcessingTimeoutError, RecordsFailedError } from './errors.js';
import { targetOf } from './eventRecord.js';
import { useEnvironmentDimension } from './metricsDimensions.js';
import { processObject, type RecordRun } from './processObject.js';
import type { HandlerDeps, HandlerResult, RecordOutcome } from './types.js';

/** The S3-event Lambda handler. */
export type S3Handler = (event: S3Event, context: Context) => Promise<HandlerResult>;

/**
 * Builds the S3-event handler from injected clients and configuration. Every record is
 * handled; files that cannot be profiled end as `error` items and the invocation succeeds;
 * transient failures are collected and rethrown at the end as {@link RecordsFailedError}, so
 * Lambda retries the event (records already done are idempotent on the retry).
 */
export function createHandler(deps: HandlerDeps): S3Handler {
  const { config, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  useEnvironmentDimension(metrics, config.environment);

  return async function handler(event: S3Event, context: Context): Promise<HandlerResult> {
    const invokedAt = now();
    logger.addContext(context);
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const outcomes: RecordOutcome[] = [];
    const failures: unknown[] = [];
    try {
      for (const [index, record] of records.entries()) {
        const target = targetOf(record, config);
        logger.appendKeys({ key: target.process ? target.object.key : target.key });
        try {
          if (!target.process) {
            logger.info('skipped record', { reason: target.reason, event_name: record.eventName });
            outcomes.push({ status: 'skipped', key: target.key, reason: target.reason });
            continue;
          }
          logger.appendKeys({ file_name: target.object.fileName });
          const remaining = context.getRemainingTimeInMillis() - config.timeoutMarginMs;
          if (remaining <= 0) {
            // No time to even start: leave it to Lambda's retry rather than mark it TIMEOUT.
            throw new ProcessingTimeoutError(`no time left to start record ${index}`);
          }
          const run: RecordRun = {
            deps: { ...deps, now },
            requestId: context.awsRequestId,
            invokedAt,
            deadline: now() + remaining,
          };
          outcomes.push(await processObject(target.object, run));
        } catch (error) {
          failures.push(error);
          const message =
            error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          outcomes.push({
            status: 'retry',
            key: target.process ? target.object.key : target.key,
            error: message,
          });
          logger.error('record failed transiently; the event will be retried', error as Error);
        } finally {
          logger.removeKeys(['key', 'file_name']);
        }
      }
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
    if (failures.length > 0) throw new RecordsFailedError(failures, records.length);
    return { records: outcomes };
  };
}
