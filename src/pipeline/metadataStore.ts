import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * How the conditional write treats an existing item with the same ordering key:
 * `replace-equal` (the processor: a duplicate delivery rewrites the same content, and a retry
 * after a failed summary write can complete) or `strictly-newer` (the failure handler: never
 * replaces any result of the same object version).
 */
export type WriteMode = 'replace-equal' | 'strictly-newer';

/** `written`, or `stale` when a newer item (by `order_key`) is already stored. */
export type WriteResult = 'written' | 'stale';

/**
 * Puts the item unless the stored one has a newer `order_key` (or, `strictly-newer`, equal).
 * `failedRequestId` (failure handler) also lets it replace an item of the same version written
 * by that very invocation: one that stored its item and then failed (e.g. on the summary
 * PutObject) on every attempt must not be left as a success without a summary.
 */
export async function putItemIfNotOlder(
  dynamodb: DynamoDBClient,
  table: string,
  item: Record<string, AttributeValue>,
  orderKey: string,
  mode: WriteMode,
  failedRequestId?: string,
): Promise<WriteResult> {
  const operator = mode === 'replace-equal' ? '<=' : '<';
  const values: Record<string, AttributeValue> = { ':k': { S: orderKey } };
  let names: Record<string, string> | undefined;
  let condition = `attribute_not_exists(file_name) OR order_key ${operator} :k`;
  if (failedRequestId !== undefined && mode === 'strictly-newer') {
    condition += ' OR (order_key = :k AND request_id = :rid AND #status = :success)';
    values[':rid'] = { S: failedRequestId };
    values[':success'] = { S: 'success' };
    names = { '#status': 'status' };
  }
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: item,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
        ...(names === undefined ? {} : { ExpressionAttributeNames: names }),
      }),
    );
    return 'written';
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'stale';
    throw error;
  }
}

/** True for DynamoDB's ConditionalCheckFailedException (by name, across SDK copies). */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
