import { describe, expect, it } from 'vitest';
import { DEFAULT_NULL_TOKENS } from '../../src/profile/infer/index.js';
import { sniffDialect } from '../../src/profile/sniff/sniffDialect.js';
import { utf8 } from './helpers.js';

const sniff = (text: string, complete = true, input = {}) =>
  sniffDialect(utf8(text), complete, { nullTokens: DEFAULT_NULL_TOKENS, ...input });
const char = (code: number) => String.fromCharCode(code);

describe('sniffDialect', () => {
  it('returns the delimiter that splits the records most consistently', () => {
    // Prepare: commas inside quoted fields, semicolons between them.
    const text = 'a;b;c\n"1,5";"x,y";3\n"2,5";"z";4\n';

    // Act
    const result = sniff(text);

    // Assess
    expect(char(result.delimiter)).toBe(';');
    expect(char(result.quote)).toBe('"');
    expect(result.decimalComma).toBe(true);
    expect(result.header).toBe(true);
  });

  it('returns the single quote only when it reads the sample strictly better', () => {
    // Act, Assess
    expect(char(sniff("a,b\n'x,y',1\n'z,w',2\n").quote)).toBe("'");
    expect(char(sniff("a,b\n'x',1\n'z',2\n").quote)).toBe('"');
    expect(char(sniff('a,b\n"x,y",1\n\'z,w\',2\n').quote)).toBe('"');
  });

  it('returns no header when the first row fits the types of the body', () => {
    // Act, Assess
    expect(sniff('1,2\n3,4\n5,6\n').header).toBe(false);
    expect(sniff('id,when\n1,2020-01-02\n2,2020-01-03\n').header).toBe(true);
    // Numbers that need Number() (beyond 2^53) are numbers to the header rule too.
    expect(sniff('9007199254740993,1\n9007199254740995,2\n').header).toBe(false);
  });

  it('judges a malformed sample by the records before the fault', () => {
    // Act
    const result = sniff('a|b|c\n1|2|3\n4|5|6\n7|"open|8\n');

    // Assess
    expect(char(result.delimiter)).toBe('|');
  });

  it('returns the caller overrides untouched', () => {
    // Act
    const result = sniff('a;b\n1;2\n', true, {
      delimiter: 44,
      quote: 39,
      header: false,
      decimalComma: true,
    });

    // Assess
    expect(result).toEqual({ delimiter: 44, quote: 39, header: false, decimalComma: true });
  });

  it('scores a wide file on the whole sample when too few records fit the prefix', () => {
    // Prepare: 40 records of 600 tab-separated fields (~130 KB): 5 records fit 16 KB.
    const row = (r: number) => Array.from({ length: 600 }, (_, c) => `v${r}_${c}`).join('\t');
    const text = `${Array.from({ length: 40 }, (_, r) => row(r)).join('\n')}\n`;

    // Act
    const result = sniff(text, false);

    // Assess
    expect(char(result.delimiter)).toBe('\t');
  });
});
