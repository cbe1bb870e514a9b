import { matchingSuffix } from '../aws/keyRules.js';
import { CSV_SUFFIXES } from './constants.js';

/** Whether and why a key is processed. */
export type KeyDecision =
  | { process: true; fileName: string; suffix: string }
  | { process: false; reason: 'processed_prefix' | 'outside_upload_prefix' | 'not_csv_suffix' };

/**
 * Classifies a decoded key: only `<uploadPrefix><path><csv suffix>` is processed, the suffix
 * matched exactly as the S3 notification matches it (case-sensitive: `.csv` and `.CSV` are
 * listed, `.Csv` is not processed). The decision's `suffix` is the lower-case form.
 */
export function classifyKey(
  key: string,
  prefixes: { uploadPrefix: string; processedPrefix: string },
): KeyDecision {
  if (key.startsWith(prefixes.processedPrefix))
    return { process: false, reason: 'processed_prefix' };
  if (!key.startsWith(prefixes.uploadPrefix)) {
    return { process: false, reason: 'outside_upload_prefix' };
  }
  const fileName = key.slice(prefixes.uploadPrefix.length);
  const suffix = matchingSuffix(fileName, CSV_SUFFIXES);
  // A bare suffix (`uploads/.csv`) or a folder marker has no name to profile.
  if (suffix === undefined || fileName.length === suffix.length || fileName.endsWith('/')) {
    return { process: false, reason: 'not_csv_suffix' };
  }
  return { process: true, fileName, suffix: suffix.toLowerCase() };
}
