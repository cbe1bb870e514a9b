import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { POLL } from './constants.js';
import { ItemTimeoutError } from './errors.js';
import type { Target } from './targets/Target.js';

/** Options of {@link pollItem}. */
export interface PollOptions {
  initialMs?: number;
  maxMs?: number;
  timeoutMs?: number;
  /** Accept only an item for which this holds. */
  accept?: (item: Record<string, unknown>) => boolean;
}

/** A found item and when it was first seen. */
export interface PolledItem {
  item: Record<string, unknown>;
  /** `performance.now()` of the GetItem response that returned it. */
  seenAt: number;
  reads: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls GetItem (consistent read) for `file_name` with adaptive backoff: the first wait is
 * `initialMs` (5 ms), doubling up to `maxMs` (50 ms) between reads.
 */
export async function pollItem(
  target: Target,
  fileName: string,
  options: PollOptions = {},
): Promise<PolledItem> {
  const { initialMs = POLL.initialMs, maxMs = POLL.maxMs, timeoutMs = POLL.timeoutMs } = options;
  const deadline = performance.now() + timeoutMs;
  let wait = initialMs;
  let reads = 0;
  for (;;) {
    const { Item } = await target.dynamodb.send(
      new GetItemCommand({
        TableName: target.names.table,
        Key: { file_name: { S: fileName } },
        ConsistentRead: true,
      }),
    );
    reads += 1;
    const seenAt = performance.now();
    if (Item) {
      const item = unmarshall(Item);
      if (options.accept === undefined || options.accept(item)) return { item, seenAt, reads };
    }
    if (seenAt + wait > deadline) {
      throw new ItemTimeoutError(
        `no metadata item for ${fileName} in ${target.names.table} after ${timeoutMs} ms (${reads} reads): is the S3 notification wired to ${target.names.functionName}?`,
      );
    }
    await sleep(wait);
    wait = Math.min(maxMs, wait * 2);
  }
}
