import type { FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';

/** Events per FilterLogEvents page (the API maximum). */
export const LOG_PAGE_LIMIT = 10_000;

/** The `FilterLogEvents` request for a function's log group in a window (all events, paged). */
export function buildFilterLogEventsInput(
  logGroupName: string,
  window: { startMs: number; endMs: number },
  nextToken?: string,
): FilterLogEventsCommandInput {
  return {
    logGroupName,
    startTime: Math.floor(window.startMs),
    endTime: Math.ceil(window.endMs),
    limit: LOG_PAGE_LIMIT,
    ...(nextToken === undefined ? {} : { nextToken }),
  };
}
