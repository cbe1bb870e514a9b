import { decodeS3EventKey } from '../aws/s3EventKey.js';
import { eventObjectKeys, type OnFailureRecord } from '../local/index.js';
import { DISPLAY_LIMITS } from '../report/constants.js';
import { displayText } from '../report/escape.js';
import { DASHBOARD_DEFAULTS } from './constants.js';
import type { FailureRow } from './types.js';

/** The on-failure records as the page lists them, newest first, with the replays made here. */
export function failureRows(
  records: readonly OnFailureRecord[],
  replays: ReadonlyMap<string, { requestId: string; at: string }>,
  uploadPrefix: string,
): FailureRow[] {
  return records
    .slice(-DASHBOARD_DEFAULTS.maxFailures)
    .reverse()
    .map((record) => {
      const id = record.requestContext.requestId;
      const error = record.responsePayload;
      const replay = replays.get(id);
      return {
        id,
        at: record.timestamp,
        files: eventObjectKeys(record.requestPayload).map((key) =>
          displayText(
            key.startsWith(uploadPrefix) ? key.slice(uploadPrefix.length) : key,
            DISPLAY_LIMITS.fileName,
          ),
        ),
        attempts: record.requestContext.approximateInvokeCount,
        error: displayText(
          `${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? ''}`,
          DISPLAY_LIMITS.message,
        ),
        ...(replay ? { replay } : {}),
      };
    });
}

/** The objects (key decoded, sequencer) of a failure's S3 event, for a replay. */
export function replayedObjects(
  record: OnFailureRecord,
): Array<{ key: string; sequencer: string | undefined }> {
  const payload = record.requestPayload as { Records?: unknown } | undefined;
  const objects: Array<{ key: string; sequencer: string | undefined }> = [];
  for (const entry of Array.isArray(payload?.Records) ? payload.Records : []) {
    const object = (entry as { s3?: { object?: { key?: unknown; sequencer?: unknown } } })?.s3
      ?.object;
    if (typeof object?.key !== 'string') continue;
    objects.push({
      key: decodeS3EventKey(object.key),
      sequencer: typeof object.sequencer === 'string' ? object.sequencer : undefined,
    });
  }
  return objects;
}
