import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';

/** Builds the SQS event an event source mapping delivers for message bodies (AWS shape). */
export function createSqsEvent(
  bodies: readonly string[],
  queue: { arn: string; region: string },
  sentAt: Date = new Date(),
): SQSEvent {
  const sent = String(sentAt.getTime());
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: sent,
        SenderId: 'AROALOCAL:csv-ingest-local',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: queue.region,
    })),
  };
}
