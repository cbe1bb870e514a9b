import type { Context, S3Event } from 'aws-lambda';
import { ProcessingTimeoutError, RecordsFailedError } from './errors.js';
import { targetOf } from './eventRecord.js';
import { isPieceEvent, PIECE_EVENT_VERSION, type PieceEvent } from './fanout/pieceEvent.js';
import { runPiece } from './fanout/runPiece.js';
import { useEnvironmentDimension } from './metricsDimensions.js';
import { processObject, type RecordRun } from './processObject.js';
import type { HandlerDeps, HandlerResult, RecordOutcome } from './types.js';

/** The processor: S3 events, and the piece events it sends itself for split uploads. */
export type S3Handler = (event: S3Event | PieceEvent, context: Context) => Promise<HandlerResult>;

/**
 * Builds the processor from injected clients and configuration. Every record of an S3 event is
 * handled; files that cannot be profiled end as `error` items and the invocation succeeds;
 * transient failures are collected and rethrown at the end as {@link RecordsFailedError}, so
 * Lambda retries the event (records already done are idempotent on the retry). A piece event
 * (fanout/pieceEvent.ts) profiles one piece of a split upload, with the same failure rules.
 */
export function createHandler(deps: HandlerDeps): S3Handler {
  const { config, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  useEnvironmentDimension(metrics, config.environment);

  return async function handler(event: S3Event | PieceEvent, context: Context) {
    const invokedAt = now();
    logger.addContext(context);
    const run = (): RecordRun | null => {
      const remaining = context.getRemainingTimeInMillis() - config.timeoutMarginMs;
      if (remaining <= 0) return null;
      return {
        deps: { ...deps, now },
        requestId: context.awsRequestId,
        invokedAt,
        deadline: now() + remaining,
        functionArn: context.invokedFunctionArn,
      };
    };
    try {
      if (isPieceEvent(event)) return { records: [await handlePiece(event, run())] };
      return await handleS3Event(event, run);
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };

  async function handlePiece(event: PieceEvent, run: RecordRun | null): Promise<RecordOutcome> {
    const piece = event.csvIngestPiece;
    logger.appendKeys({ key: piece.object?.key, file_name: piece.object?.fileName });
    try {
      if (piece.version !== PIECE_EVENT_VERSION) {
        // Sent by another processor version: Lambda's retries and then the failure handler
        // end the upload (PROCESSING_FAILED) rather than a piece being misread.
        throw new RangeError(`piece event version ${String(piece.version)} is not supported`);
      }
      if (run === null) throw new ProcessingTimeoutError('no time left to start the piece');
      return await runPiece(piece, run);
    } catch (error) {
      logger.error('piece failed transiently; it will be retried', error as Error);
      throw new RecordsFailedError([error], 1);
    } finally {
      logger.removeKeys(['key', 'file_name']);
    }
  }

  async function handleS3Event(event: S3Event, run: () => RecordRun | null) {
    const records = Array.isArray(event?.Records) ? event.Records : [];
    const outcomes: RecordOutcome[] = [];
    const failures: unknown[] = [];
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
        const current = run();
        if (current === null) {
          // No time to even start: leave it to Lambda's retry rather than mark it TIMEOUT.
          throw new ProcessingTimeoutError(`no time left to start record ${index}`);
        }
        outcomes.push(await processObject(target.object, current));
      } catch (error) {
        failures.push(error);
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
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
    if (failures.length > 0) throw new RecordsFailedError(failures, records.length);
    return { records: outcomes };
  }
}
