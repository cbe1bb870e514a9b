import { KEY_RULES } from '../aws/keyRules.js';
import { csvNotificationRules, matchRule, S3EventName } from '../local/index.js';
import { DashboardError, DashboardErrorCode } from './errors.js';

/** S3's key limit, in bytes of UTF-8 (the local S3 refuses longer keys, as S3 does). */
const MAX_KEY_BYTES = 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finds control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The S3 key of a file uploaded through the dashboard, `uploadPrefix + name`, or a
 * {@link DashboardError}: `INVALID_NAME` for an empty name, one with control characters, a
 * leading `/`, an empty, `.` or `..` segment (the local S3 keeps segments as file names), or a
 * key beyond 1,024 bytes; `UNSUPPORTED_SUFFIX` when the bucket notification would not match it
 * (src/aws/keyRules.json owns the suffixes), since nothing would process it.
 */
export function uploadKey(name: string, uploadPrefix: string = KEY_RULES.uploadPrefix): string {
  const invalid = (why: string) =>
    new DashboardError(DashboardErrorCode.INVALID_NAME, `invalid file name: ${why}`);
  if (name === '') throw invalid('it is empty');
  if (CONTROL.test(name)) throw invalid('it has control characters');
  if (name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw invalid('it has an empty, "." or ".." path segment');
  }
  const key = `${uploadPrefix}${name}`;
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw invalid(`its key is longer than ${MAX_KEY_BYTES} bytes of UTF-8`);
  }
  const rules = csvNotificationRules(uploadPrefix, KEY_RULES.csvSuffixes);
  if (!matchRule(rules, S3EventName.Put, key)) {
    throw new DashboardError(
      DashboardErrorCode.UNSUPPORTED_SUFFIX,
      `nothing processes this name: it must end in ${KEY_RULES.csvSuffixes.join(', ')}`,
    );
  }
  return key;
}
