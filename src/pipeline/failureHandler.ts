import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, S3Event, SQSEvent } from 'aws-lambda';
import { MetricName } from './constants.js';
import { PipelineErrorCode, RecordsFailedError } from './errors.js';
import { type RecordTarget, targetOf } from './eventRecord.js';
import { type PieceEvent, pieceObjectOf } from './fanout/pieceEvent.js';
import { buildErrorItem } from './metadataItem.js';
import { putItemIfNotOlder } from './metadataStore.js';
import { useEnvironmentDimension } from './metricsDimensions.js';
import type { HandlerDeps } from './types.js';

/** Body of an SQS message from a Lambda on-failure destination (asynchronous invocation). */
export interface OnFailureRecord {
  requestContext?: {
    requestId?: string;
    functionArn?: string;
    condition?: string;
    approximateInvokeCount?: number;
  };
  /** The failed invocation's event: an S3 event, or a piece event of a split upload. */
  requestPayload?: S3Event | PieceEvent;
  responseContext?: { statusCode?: number; executedVersion?: string; functionError?: string };
  responsePayload?: { errorType?: string; errorMessage?: string } | null;
}

/** What the failure handler did, per S3 record found in the messages. */
export interface FailureResult {
  written: string[];
  stale: string[];
  skipped: number;
}

/** The SQS-event Lambda handler for on-failure records. */
export type FailureHandler = (event: SQSEvent, context: Context) => Promise<FailureResult>;

function parseBody(body: string): OnFailureRecord | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as OnFailureRecord) : null;
  } catch {
    return null;
  }
}

function describeFailure(record: OnFailureRecord): string {
  const attempts = record.requestContext?.approximateInvokeCount;
  const condition = record.requestContext?.condition ?? 'unknown condition';
  const payload = record.responsePayload;
  const reason = payload?.errorType
    ? `${payload.errorType}: ${payload.errorMessage ?? ''}`
    : (payload?.errorMessage ?? 'no error payload');
  return `processing failed after ${attempts ?? '?'} attempt(s) (${condition}): ${reason}`;
}

/**
 * The uploads an on-failure record is about: each record of its S3 event, or the upload of its
 * piece event (one piece of a split upload failed for good, so the upload cannot be merged).
 * Null when the payload is neither.
 */
function targetsOf(
  body: OnFailureRecord,
  config: Parameters<typeof targetOf>[1],
): RecordTarget[] | null {
  const payload = body.requestPayload;
  const piece = pieceObjectOf(payload);
  if (piece !== null) return [{ process: true, object: piece, suffix: '' }];
  const s3Records = (payload as S3Event | undefined)?.Records;
  if (!Array.isArray(s3Records)) return null;
  return s3Records.map((record) => targetOf(record, config));
}

/**
 * Builds the failure handler: for each upload in each on-failure message (the records of an S3
 * event, or the upload of a piece event) it writes a terminal `error` item with
 * `error_code: PROCESSING_FAILED`, unless an item of the same or a newer object version exists
 * (condition `order_key < :k`, so it never replaces a result of the same version: a success
 * there always has its summary). Transient write failures are rethrown so SQS redelivers the
 * batch.
 */
export function createFailureHandler(deps: HandlerDeps): FailureHandler {
  const { config, logger, metrics, dynamodb } = deps;
  const now = deps.now ?? Date.now;
  useEnvironmentDimension(metrics, config.environment);

  return async function failureHandler(event: SQSEvent, context: Context) {
    logger.addContext(context);
    const result: FailureResult = { written: [], stale: [], skipped: 0 };
    const failures: unknown[] = [];
    let total = 0;
    try {
      for (const message of Array.isArray(event?.Records) ? event.Records : []) {
        const body = parseBody(message.body);
        const targets = body === null ? null : targetsOf(body, config);
        if (body === null || targets === null) {
          logger.error('on-failure message without an S3 or piece event payload; dropped', {
            message_id: message.messageId,
          });
          result.skipped += 1;
          continue;
        }
        for (const target of targets) {
          total += 1;
          if (!target.process) {
            result.skipped += 1;
            continue;
          }
          const { object } = target;
          logger.appendKeys({ key: object.key, file_name: object.fileName });
          try {
            const built = buildErrorItem(
              object,
              {
                requestId: body.requestContext?.requestId ?? context.awsRequestId,
                processedAt: now(),
                triggerDelayMs: null,
                profileMs: null,
                totalMs: null,
              },
              PipelineErrorCode.PROCESSING_FAILED,
              describeFailure(body),
            );
            const written = await putItemIfNotOlder(
              dynamodb,
              config.dynamodbTable,
              built.item,
              object.orderKey,
              'strictly-newer',
            );
            if (written === 'stale') {
              logger.info('not recorded: an item for this or a newer version exists', {
                order_key: object.orderKey,
              });
              result.stale.push(object.fileName);
            } else {
              metrics.addMetric(MetricName.FilesFailed, MetricUnit.Count, 1);
              logger.warn('recorded PROCESSING_FAILED', {
                message_id: message.messageId,
                order_key: object.orderKey,
              });
              result.written.push(object.fileName);
            }
          } catch (error) {
            failures.push(error);
            logger.error('could not record the failure; the batch will be retried', error as Error);
          } finally {
            logger.removeKeys(['key', 'file_name']);
          }
        }
      }
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
    if (failures.length > 0) throw new RecordsFailedError(failures, total);
    return result;
  };
}
