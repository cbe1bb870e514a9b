import { describe, expect, it } from 'vitest';
import { UploadBoard } from '../../src/dashboard/UploadBoard.js';

const item = (overrides: Record<string, unknown> = {}) => ({
  file_name: 'coll/a.csv',
  status: 'success',
  sequencer: '0000000000000001',
  size_bytes: 120,
  row_count: 10,
  column_count: 3,
  quality_issues: { issue_count: 2 },
  upload_timestamp: '2026-12-03T08:00:00.000Z',
  processed_timestamp: '2026-12-03T08:00:00.045Z',
  request_id: 'req-1',
  summary_key: 'processed/coll/a.csv/x_summary.json',
  report_key: 'processed/coll/a.csv/x_report.html',
  ...overrides,
});

describe('UploadBoard', () => {
  it('returns a row with the item facts, its upload-to-item time and its links', () => {
    // Prepare
    const board = new UploadBoard();

    // Act
    const row = board.fromItem(item());

    // Assess
    expect(row).toEqual({
      name: 'coll/a.csv',
      shown: 'coll/a.csv',
      status: 'success',
      code: undefined,
      message: undefined,
      sizeBytes: 120,
      rows: 10,
      columns: 3,
      issues: 2,
      uploadedAt: Date.parse('2026-12-03T08:00:00.000Z'),
      uploadToItemMs: 45,
      links: {
        report: '/files/coll%2Fa.csv/report',
        summary: '/files/coll%2Fa.csv/summary',
        logs: '/files/coll%2Fa.csv/logs',
      },
    });
  });

  it('keeps a new upload queued until the item of that upload (its sequencer) is read', () => {
    // Prepare: an earlier upload's item is listed, then the file is uploaded again.
    const board = new UploadBoard();
    board.fromItem(item());
    board.queued('coll/a.csv', { uploadedAt: 1, sequencer: '0000000000000002', sizeBytes: 7 });

    // Act
    const stale = board.fromItem(item());
    const fresh = board.fromItem(item({ sequencer: '0000000000000002', status: 'error' }));

    // Assess
    expect(stale).toBeUndefined();
    expect(board.row('coll/a.csv')?.status).toBe('error');
    expect(fresh?.status).toBe('error');
    expect(fresh?.links).toEqual({ logs: '/files/coll%2Fa.csv/logs' });
  });

  it('shows failed attempts, then the replayed upload waits for its own item again', () => {
    // Prepare
    const board = new UploadBoard();
    board.queued('b.csv', { uploadedAt: 1, sequencer: '05' });

    // Act
    const retrying = board.attemptFailed('b.csv', 2, {
      errorType: 'InternalError',
      errorMessage: 'boom\u202e',
    });
    board.fromItem(item({ file_name: 'b.csv', sequencer: '05', status: 'error' }));
    const replaying = board.replaying('b.csv', '05');
    const ignored = board.fromItem(item({ file_name: 'b.csv', sequencer: '04' }));
    const done = board.fromItem(item({ file_name: 'b.csv', sequencer: '05' }));

    // Assess
    expect(retrying).toMatchObject({
      status: 'retrying',
      failedAttempts: 2,
      code: 'InternalError',
      message: 'boom\\u202e',
    });
    expect(replaying.status).toBe('queued');
    expect(ignored).toBeUndefined();
    expect(done?.status).toBe('success');
  });

  it('makes invisible characters of a name visible and lists newest uploads first', () => {
    // Prepare
    const board = new UploadBoard();

    // Act
    board.queued('old.csv', { uploadedAt: 10 });
    board.queued('x\u0000\u202e<b>.csv', { uploadedAt: 20 });

    // Assess
    expect(board.rows().map((row) => row.shown)).toEqual(['x\u2400\\u202e<b>.csv', 'old.csv']);
  });

  it('gives the logs of the item request first, then the requests seen', () => {
    // Prepare
    const board = new UploadBoard();
    board.queued('c.csv', { uploadedAt: 1, sequencer: '01' });
    board.seen('c.csv', 'req-a');
    board.seen('c.csv', 'req-b');

    // Act
    board.fromItem(item({ file_name: 'c.csv', sequencer: '01', request_id: 'req-b' }));

    // Assess
    expect(board.requestIds('c.csv')).toEqual(['req-b', 'req-a']);
  });
});
