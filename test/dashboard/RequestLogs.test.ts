import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_DEFAULTS } from '../../src/dashboard/constants.js';
import { RequestLogs } from '../../src/dashboard/RequestLogs.js';

const line = (requestId: string, message: string) => ({
  timestamp: '2026-12-03T08:00:00.000Z',
  functionName: 'fn',
  requestId,
  stream: 'stdout' as const,
  message,
});

describe('RequestLogs', () => {
  it('returns the lines of a request, each cut to its limit', async () => {
    // Prepare
    const logs = new RequestLogs();

    // Act
    logs.add(line('a', 'START RequestId: a'));
    logs.add(line('b', 'other'));
    logs.add(line('a', 'x'.repeat(DASHBOARD_DEFAULTS.lineChars + 10)));

    // Assess
    const lines = await logs.lines('a', '/nonexistent', ['fn']);
    expect(lines.map((l) => l.message.length)).toEqual([18, DASHBOARD_DEFAULTS.lineChars]);
  });

  it('drops the oldest requests beyond its count and character budgets', () => {
    // Prepare
    const logs = new RequestLogs();
    const big = 'y'.repeat(DASHBOARD_DEFAULTS.lineChars);
    const perRequest = DASHBOARD_DEFAULTS.linesPerRequest * DASHBOARD_DEFAULTS.lineChars;
    const requests = Math.ceil(DASHBOARD_DEFAULTS.logChars / perRequest) + 1;

    // Act: requests of full-size lines, past the character budget.
    for (let r = 0; r < requests; r++) {
      for (let i = 0; i <= DASHBOARD_DEFAULTS.linesPerRequest; i++) logs.add(line(`big-${r}`, big));
    }
    const afterChars = [logs.has('big-0'), logs.has(`big-${requests - 1}`)];
    // Act: then many small requests, past the count budget.
    for (let r = 0; r <= DASHBOARD_DEFAULTS.logRequests; r++) logs.add(line(`small-${r}`, 's'));

    // Assess
    expect(afterChars).toEqual([false, true]);
    expect(logs.has('small-0')).toBe(false);
    expect(logs.has('small-1')).toBe(true);
    expect(logs.has(`small-${DASHBOARD_DEFAULTS.logRequests}`)).toBe(true);
  });

  it('finds a request not seen by this process in the log files, by its id', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'request-logs-'));
    await writeFile(
      join(dir, 'proc.log'),
      [
        '2026-12-03T08:00:00.000Z\tSTART RequestId: old-1 Version: $LATEST',
        '2026-12-03T08:00:00.001Z\t{"function_request_id":"old-1","message":"file processed"}',
        '2026-12-03T08:00:00.002Z\tSTART RequestId: old-2 Version: $LATEST',
        '2026-12-03T08:00:00.003Z\tEND RequestId: old-1',
      ].join('\n'),
    );
    const logs = new RequestLogs();

    // Act
    const lines = await logs.lines('old-1', dir, ['proc', 'missing']);
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(lines).toEqual([
      {
        timestamp: '2026-12-03T08:00:00.000Z',
        functionName: 'proc',
        message: 'START RequestId: old-1 Version: $LATEST',
      },
      {
        timestamp: '2026-12-03T08:00:00.001Z',
        functionName: 'proc',
        message: '{"function_request_id":"old-1","message":"file processed"}',
      },
      {
        timestamp: '2026-12-03T08:00:00.003Z',
        functionName: 'proc',
        message: 'END RequestId: old-1',
      },
    ]);
  });
});
