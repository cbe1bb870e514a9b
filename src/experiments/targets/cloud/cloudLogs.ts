import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { buildFilterLogEventsInput } from '../../metrics/logsRequests.js';
import { type LogEvent, reportsFromLogs } from '../../metrics/metricsFromLogs.js';
import type { InvocationReport } from '../Target.js';

const LOG_WAIT_MS = 30_000;

/** Every log event of a log group in the window (all pages); none when the group is missing. */
export async function logEvents(
  logs: CloudWatchLogsClient,
  logGroup: string,
  startMs: number,
  endMs: number = Date.now(),
): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs
      .send(
        new FilterLogEventsCommand(
          buildFilterLogEventsInput(logGroup, { startMs, endMs }, nextToken),
        ),
      )
      .catch((error: Error) => {
        if (error.name === 'ResourceNotFoundException') return { events: [], nextToken: undefined };
        throw error;
      });
    for (const event of (page.events ?? []) as FilteredLogEvent[]) {
      events.push({ timestamp: event.timestamp ?? 0, message: event.message ?? '' });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The REPORT lines of the log group since `sinceMs`. */
export async function invocationReports(
  logs: CloudWatchLogsClient,
  logGroup: string,
  sinceMs: number,
): Promise<InvocationReport[]> {
  return reportsFromLogs(await logEvents(logs, logGroup, sinceMs));
}

/** Waits (30 s at most) until the REPORT lines of the request ids reach CloudWatch Logs. */
export async function waitForReports(
  logs: CloudWatchLogsClient,
  logGroup: string,
  sinceMs: number,
  requestIds: readonly string[],
): Promise<InvocationReport[]> {
  const deadline = Date.now() + LOG_WAIT_MS;
  for (;;) {
    const reports = await invocationReports(logs, logGroup, sinceMs);
    const seen = new Set(reports.map((report) => report.requestId));
    if (requestIds.every((id) => seen.has(id)) || Date.now() > deadline) return reports;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
