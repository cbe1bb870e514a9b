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
 * Puts the item unless the stored one has a newer `order_key` (or, `strictly-newer`, an equal
 * one). A `success` item is only ever written after its summary object exists (see
 * processObject.ts), so the failure handler never needs to replace a success of the same version.
 */
export async function putItemIfNotOlder(
  dynamodb: DynamoDBClient,
  table: string,
  item: Record<string, AttributeValue>,
  orderKey: string,
  mode: WriteMode,
): Promise<WriteResult> {
  const operator = mode === 'replace-equal' ? '<=' : '<';
  try {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: item,
        ConditionExpression: `attribute_not_exists(file_name) OR order_key ${operator} :k`,
        ExpressionAttributeValues: { ':k': { S: orderKey } },
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
