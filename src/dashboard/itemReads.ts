import { type AttributeValue, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalPipeline } from '../local/index.js';

/**
 * The item attributes the dashboard shows (never the compact summary, which can be ~400 KB):
 * read with a projection, `#s` standing for the reserved word `status`.
 */
const PROJECTION = {
  ProjectionExpression:
    'file_name, #s, error_code, error_message, size_bytes, row_count, column_count, quality_issues.issue_count, upload_timestamp, processed_timestamp, request_id, summary_key, report_key, #seq',
  ExpressionAttributeNames: { '#s': 'status', '#seq': 'sequencer' },
} as const;

/** The shown attributes of one file's item, or undefined when it has none. */
export async function readItem(
  pipeline: LocalPipeline,
  fileName: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await pipeline.dynamoClient.send(
    new GetItemCommand({
      TableName: pipeline.info.names.table,
      Key: { file_name: { S: fileName } },
      ConsistentRead: true,
      ...PROJECTION,
    }),
  );
  return Item ? unmarshall(Item) : undefined;
}

/** The shown attributes of up to `limit` items of the table (what an earlier run left). */
export async function scanItems(
  pipeline: LocalPipeline,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await pipeline.dynamoClient.send(
      new ScanCommand({
        TableName: pipeline.info.names.table,
        Limit: Math.min(1_000, limit - items.length),
        ...(start ? { ExclusiveStartKey: start } : {}),
        ...PROJECTION,
      }),
    );
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey;
  } while (start && items.length < limit);
  return items;
}
