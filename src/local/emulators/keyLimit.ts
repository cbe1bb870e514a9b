import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_S3_KEY_BYTES } from '../../pipeline/resultKey.js';

/**
 * S3 refuses object keys longer than 1,024 bytes of UTF-8 with `400 KeyTooLongError` ("Your key
 * is too long", https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); s3rver
 * stores them. This file owns that check for the local target: it answers as S3 does, before
 * s3rver sees the request, for writes addressed path-style (`/<bucket>/<key>`).
 * Returns true when it answered.
 */
export function refuseLongKey(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'PUT' && req.method !== 'POST') return false;
  const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const slash = path.indexOf('/', 1);
  if (slash < 0) return false;
  let key: string;
  try {
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    return false;
  }
  if (Buffer.byteLength(key, 'utf8') <= MAX_S3_KEY_BYTES) return false;
  req.resume();
  res.writeHead(400, { 'content-type': 'application/xml' });
  res.end(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>KeyTooLongError</Code>' +
      '<Message>Your key is too long</Message></Error>',
  );
  return true;
}
