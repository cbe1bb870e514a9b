import { decodeS3EventKey } from '../../aws/s3EventKey.js';
import { pieceObjectOf } from '../../pipeline/fanout/pieceEvent.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The object keys (decoded) an invocation event is about: the records of an S3 event, the upload
 * of a piece event (a split upload's piece, src/pipeline/fanout/pieceEvent.ts), or those of the
 * events inside on-failure records carried by an SQS event.
 */
export function eventObjectKeys(event: unknown): string[] {
  const piece = pieceObjectOf(event);
  if (piece !== null) return [piece.key];
  if (!isRecord(event) || !Array.isArray(event.Records)) return [];
  const keys: string[] = [];
  for (const record of event.Records as unknown[]) {
    if (!isRecord(record)) continue;
    const s3 = record.s3;
    if (isRecord(s3) && isRecord(s3.object) && typeof s3.object.key === 'string') {
      keys.push(decodeS3EventKey(s3.object.key));
    } else if (record.eventSource === 'aws:sqs' && typeof record.body === 'string') {
      try {
        const body = JSON.parse(record.body) as unknown;
        if (isRecord(body)) keys.push(...eventObjectKeys(body.requestPayload));
      } catch {
        // not an on-failure record
      }
    }
  }
  return keys;
}
