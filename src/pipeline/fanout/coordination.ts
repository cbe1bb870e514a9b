import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isConditionalCheckFailed } from '../metadataStore.js';

/** How long a split's coordination item lives (DynamoDB time to live, epoch seconds). */
export const COORDINATION_TTL_SECONDS = 2 * 24 * 3600;

/** What recording a piece as done tells its invocation. */
export interface PieceDone {
  /** The pieces recorded done so far, this one included. */
  done: number[];
  /** This invocation added the piece (false: a retry or a repeated delivery of a done piece). */
  first: boolean;
  /** Every piece is done. */
  complete: boolean;
}

/**
 * Records piece `index` of a split as done in its coordination item (table FANOUT_TABLE, key
 * `split_id`): one conditional UpdateItem that ADDs the index to the number set `done` under the
 * condition that the set does not hold it yet, and returns the set. The invocation whose update
 * completes the set is the last one and merges; a counter could not tell a retry from another
 * piece, a set can. A retry of a piece already recorded fails the condition, and reads the set
 * with an update that changes nothing (the only call the role has on the table).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD
 */
export async function recordPieceDone(
  dynamodb: DynamoDBClient,
  table: string,
  splitId: string,
  index: number,
  pieces: number,
  now: number,
): Promise<PieceDone> {
  const values = {
    ':n': { N: String(pieces) },
    ':ttl': { N: String(Math.floor(now / 1000) + COORDINATION_TTL_SECONDS) },
  };
  let first = true;
  let done: string[] | undefined;
  try {
    const { Attributes } = await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { split_id: { S: splitId } },
        UpdateExpression:
          'ADD done :i SET pieces = :n, expires_at = if_not_exists(expires_at, :ttl)',
        ConditionExpression: 'attribute_not_exists(done) OR NOT contains(done, :index)',
        ExpressionAttributeValues: {
          ...values,
          ':i': { NS: [String(index)] },
          ':index': { N: String(index) },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    done = Attributes?.done?.NS;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    first = false;
    const { Attributes } = await dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { split_id: { S: splitId } },
        UpdateExpression: 'SET pieces = :n, expires_at = if_not_exists(expires_at, :ttl)',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    done = Attributes?.done?.NS;
  }
  const set = (done ?? []).map(Number).sort((a, b) => a - b);
  return { done: set, first, complete: set.length === pieces };
}
