import type { Summary } from './types.js';

/**
 * The summary's maps keyed by column name, whose keys {@link summaryToJson} writes in file
 * order (the order of `columns`), as paths of keys from the summary.
 */
const BY_COLUMN: readonly (readonly string[])[] = [
  ['schema'],
  ['statistics'],
  ['quality_issues', 'missing_values'],
  ['quality_issues', 'invalid_values'],
];

/**
 * The summary as JSON text, like `JSON.stringify(summary, null, space)` except that `schema`,
 * `statistics` and the quality maps list their columns in file order. A JavaScript object
 * lists integer-like keys first, in numeric order, whatever order they were set in, so a file
 * whose header is `2013,2012` would otherwise come out as `{"2012": ..., "2013": ...}`. Write
 * the summary with this function wherever it leaves the process.
 */
export function summaryToJson(summary: Summary, space = 0): string {
  const order = summary.columns.map((c) => c.name);
  const ordered = new Set(BY_COLUMN.map((path) => path.join('\u0000')));
  return write(summary, [], '', ' '.repeat(space), order, ordered);
}

function write(
  value: unknown,
  path: readonly string[],
  indent: string,
  step: string,
  order: readonly string[],
  ordered: ReadonlySet<string>,
): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = indent + step;
  const open = step === '' ? '' : `\n${inner}`;
  const close = step === '' ? '' : `\n${indent}`;
  const colon = step === '' ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => write(item, [], inner, step, order, ordered));
    return `[${open}${items.join(`,${open}`)}${close}]`;
  }
  const object = value as Record<string, unknown>;
  let keys = Object.keys(object);
  if (ordered.has(path.join('\u0000'))) {
    const inFile = order.filter((key) => Object.hasOwn(object, key));
    const known = new Set(inFile);
    keys = [...inFile, ...keys.filter((key) => !known.has(key))];
  }
  const members: string[] = [];
  for (const key of keys) {
    const member = object[key];
    if (member === undefined || typeof member === 'function') continue;
    members.push(
      `${JSON.stringify(key)}${colon}${write(member, [...path, key], inner, step, order, ordered)}`,
    );
  }
  if (members.length === 0) return '{}';
  return `{${open}${members.join(`,${open}`)}${close}}`;
}
