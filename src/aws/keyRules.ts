// The object-key contract: which keys trigger the processor and where summaries go. The values
// live in keyRules.json, the one source of truth read by this module (the handler and the local
// target), by Terraform (terraform/main.tf: jsondecode(file(...)) for the notification filters,
// the IAM resources and the handler's environment) and by the tests.
//
// S3 matches notification filters on the raw key, byte for byte (case-sensitive), and refuses
// two suffix filters of the same event type when "a given string can end with both suffixes":
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
// So every suffix is listed in lower and in upper case (`.csv`, `.CSV`), the handler accepts
// exactly these, and mixed case (`x.Csv`) triggers nothing and is not processed.
import { AwsRuleError, AwsRuleErrorCode } from './errors.js';
import rules from './keyRules.json' with { type: 'json' };

/** The key rules as keyRules.json states them. */
export interface KeyRules {
  /** Keys under this prefix trigger the processor. */
  readonly uploadPrefix: string;
  /** Summaries are written under this prefix (never overlapping `uploadPrefix`). */
  readonly processedPrefix: string;
  /**
   * The pieces of a file profiled across invocations keep their plan and states under this
   * prefix (never overlapping the others; a lifecycle rule expires them).
   */
  readonly partsPrefix: string;
  /** Exact (case-sensitive) key suffixes that trigger the processor, one S3 filter each. */
  readonly csvSuffixes: readonly string[];
}

/** Whether a string can end with both suffixes (S3's definition of overlapping suffixes). */
export function suffixesOverlap(a: string, b: string): boolean {
  return a.endsWith(b) || b.endsWith(a);
}

/** Whether a string can start with both prefixes (S3's definition of overlapping prefixes). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * The reasons a key-rule set is invalid (empty when valid): folder prefixes ending in `/` that
 * do not overlap, and a non-empty list of distinct `.`-suffixes, no two overlapping, each listed
 * in lower and upper case.
 */
export function keyRuleProblems(candidate: KeyRules): string[] {
  const problems: string[] = [];
  const prefixes = [
    ['uploadPrefix', candidate.uploadPrefix],
    ['processedPrefix', candidate.processedPrefix],
    ['partsPrefix', candidate.partsPrefix],
  ] as const;
  for (const [name, prefix] of prefixes) {
    if (typeof prefix !== 'string' || prefix.length < 2 || !prefix.endsWith('/')) {
      problems.push(`${name} must be a folder prefix ending in "/"`);
    }
  }
  if (prefixesOverlap(candidate.uploadPrefix, candidate.processedPrefix)) {
    problems.push(
      'uploadPrefix and processedPrefix overlap: summaries would trigger the processor',
    );
  }
  for (const [name, prefix] of prefixes.slice(0, 2)) {
    if (typeof prefix === 'string' && prefixesOverlap(prefix, candidate.partsPrefix ?? '')) {
      problems.push(`${name} and partsPrefix overlap: pieces' parts would mix with it`);
    }
  }
  const suffixes = candidate.csvSuffixes;
  if (!Array.isArray(suffixes) || suffixes.length === 0) problems.push('csvSuffixes is empty');
  for (const [i, suffix] of suffixes.entries()) {
    if (!/^\.[^/]+$/.test(suffix)) problems.push(`suffix ${JSON.stringify(suffix)} is not ".ext"`);
    for (const other of suffixes.slice(i + 1)) {
      if (suffixesOverlap(suffix, other)) {
        problems.push(`suffixes ${JSON.stringify(suffix)} and ${JSON.stringify(other)} overlap`);
      }
    }
    for (const variant of [suffix.toLowerCase(), suffix.toUpperCase()]) {
      if (!suffixes.includes(variant)) {
        problems.push(`suffix ${JSON.stringify(suffix)} lacks its case variant ${variant}`);
      }
    }
  }
  return problems;
}

function load(candidate: KeyRules): KeyRules {
  const problems = keyRuleProblems(candidate);
  if (problems.length > 0) {
    throw new AwsRuleError(
      AwsRuleErrorCode.INVALID_KEY_RULES,
      `src/aws/keyRules.json: ${problems.join('; ')}`,
    );
  }
  return Object.freeze({ ...candidate, csvSuffixes: Object.freeze([...candidate.csvSuffixes]) });
}

/** The project's key rules (src/aws/keyRules.json), checked when loaded. */
export const KEY_RULES: KeyRules = load(rules);

/**
 * The suffix of `key` among `suffixes`, compared exactly as S3 compares filters (case-sensitive);
 * undefined when none matches. At most one matches when the suffixes do not overlap.
 */
export function matchingSuffix(
  key: string,
  suffixes: readonly string[] = KEY_RULES.csvSuffixes,
): string | undefined {
  return suffixes.find((suffix) => key.endsWith(suffix));
}
