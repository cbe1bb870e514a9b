import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = new TextEncoder();

/** UTF-8 length of a string without allocating for pure-ASCII input. */
export function utf8Length(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checks for the ASCII range on purpose
  return /^[\u0000-\u007f]*$/.test(text) ? text.length : utf8.encode(text).length;
}

/**
 * Size of a number as DynamoDB stores it: about one byte per two significant digits plus one
 * (rounded up here, and one more for a negative sign, so the estimate never falls short).
 */
function numberSize(text: string): number {
  const mantissa = text.replace(/^-/, '').split(/e/i)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return 2 + Math.ceil(Math.max(digits.length, 1) / 2) + (text.startsWith('-') ? 1 : 0);
}

/** Size of one attribute value, as DynamoDB counts it (maps/lists: 3 bytes + 1 per element). */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.M !== undefined) return 3 + mapEntriesSize(value.M);
  if (value.L !== undefined) {
    let size = 3;
    for (const element of value.L) size += 1 + attributeValueSize(element);
    return size;
  }
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8Length(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  return 0;
}

/** Size of one map entry inside a map: name + value + 1 byte of per-element overhead. */
export function mapEntrySize(name: string, value: AttributeValue): number {
  return 1 + utf8Length(name) + attributeValueSize(value);
}

function mapEntriesSize(map: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(map)) size += mapEntrySize(name, value);
  return size;
}

/** Size of a whole item: the sum of attribute name lengths and value sizes (DynamoDB's rule). */
export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += utf8Length(name) + attributeValueSize(value);
  return size;
}
