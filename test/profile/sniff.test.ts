import { describe, expect, it } from 'vitest';
import { NO_QUOTE } from '../../src/profile/constants.js';
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

  it('returns the single quote when it quotes fields and the sample has no double quote', () => {
    // Act, Assess: as Python's csv.Sniffer, which takes the quote found around fields.
    expect(char(sniff("a,b\n'x,y',1\n'z,w',2\n").quote)).toBe("'");
    expect(char(sniff("a,b\n'x',1\n'z',2\n").quote)).toBe("'");
    expect(char(sniff("'a'\t'b'\n1\t2\n3\t4\n").quote)).toBe("'");
    expect(char(sniff('a,b\n"x,y",1\n\'z,w\',2\n').quote)).toBe('"');
  });

  it('returns no quote when no field of the sample is quoted', () => {
    // Act, Assess: as DuckDB 1.5, whose sniffer reports an empty quote then.
    expect(sniff('a,b\n1,2\n3,4\n').quote).toBe(NO_QUOTE);
    expect(sniff('size,n\n5",1\n6",2\n').quote).toBe(NO_QUOTE);
    expect(sniff("name,n\nit's,1\nO'Brien,2\n").quote).toBe(NO_QUOTE);
  });

  it('returns no quote when a stray quote runs across lines', () => {
    // Prepare: issue 13 defect 1; with ", the field "x would swallow a line.
    const stray = 'id\tname\talt\n1\ta\t"x\n2\tb\t"y\n3\tc\tz\n';
    // A quote still open at the end of a sample that is not the whole file.
    const open = `a,b\n1,"x\n${'2,y\n'.repeat(30)}`;

    // Act, Assess: no quote, and the lines where " ran astray.
    expect(sniff(stray)).toMatchObject({ quote: NO_QUOTE, strayQuoteLines: [2] });
    expect(sniff(open, false)).toMatchObject({ quote: NO_QUOTE, strayQuoteLines: [2] });
  });

  it('keeps the quote that never closes in a whole file (the file is malformed)', () => {
    // Act, Assess: the profile then fails with MALFORMED_CSV, as it did before issue 13.
    expect(char(sniff(`a,b\n1,"x\n${'2,y\n'.repeat(30)}`).quote)).toBe('"');
    expect(char(sniff('id,c\n1,"fine"\n2,"never ends\n3,ok\n').quote)).toBe('"');
  });

  it('returns no quote for a single quote that never closes (an apostrophe)', () => {
    // Act, Assess: the single quote must earn its place; the line where it ran astray.
    expect(sniff("name,n\nit,1\n'90s,2\nx,3\n")).toMatchObject({
      quote: NO_QUOTE,
      strayQuoteLines: [3],
    });
  });

  it('keeps the double quote for quoted fields, across lines or with text after them', () => {
    // Act, Assess
    expect(char(sniff('a,b\n1,"x\ny"\n2,z\n3,w\n').quote)).toBe('"');
    expect(char(sniff('a,b\n1,"x"y\n2,z\n3,w\n').quote)).toBe('"');
    expect(char(sniff(`a,b\n1,"x\n${'2,y\n'.repeat(30)}"\n`, false).quote)).toBe('"');
  });

  it('returns no header when the first row fits the types of the body', () => {
    // Act, Assess
    expect(sniff('1,2\n3,4\n5,6\n').header).toBe(false);
    expect(sniff('id,when\n1,2020-01-02\n2,2020-01-03\n').header).toBe(true);
    // Numbers that need Number() (beyond 2^53) are numbers to the header rule too.
    expect(sniff('9007199254740993,1\n9007199254740995,2\n').header).toBe(false);
  });

  it('returns a header of years over float columns (issue 13 defect 4)', () => {
    // Act, Assess: integers heading columns of decimals without one are names.
    expect(
      sniff('Country,Code,1960,1961\nAruba,ABW,4.82,4.65\nAngola,AGO,7.48,7.52\n').header,
    ).toBe(true);
    expect(sniff('1960,1961\n4.82,4.65\n7.48,7.52\n').header).toBe(true);
    // Integers over integers, or over decimals that have some, are data.
    expect(sniff('1960,1961\n4,5\n7,8\n').header).toBe(false);
    expect(sniff('1960,1961\n4.5,5\n7.25,8.5\n').header).toBe(false);
  });

  it('returns a header by the values and patterns of string columns', () => {
    // Prepare: a categorical column (sex) and a column of two-letter codes.
    const rows = ['rooster,AD', 'hen,AE', 'hen,AF', 'hen,AG', 'rooster,AI'];
    const body = `${rows.join('\n')}\n`;

    // Act, Assess
    expect(sniff(`sex,code\n${body}`).header).toBe(true);
    expect(sniff(`hen,AB\n${body}`).header).toBe(false);
    expect(sniff(`hen,code\n${body}`).header).toBe(false); // a tie: data
  });

  it('returns where the table starts after leading # comment lines', () => {
    // Prepare: tzdata's iso3166.tab: the last comment line is the header.
    const codes = [
      'AD\tAndorra',
      'AE\tEmirates',
      'AF\tAfghanistan',
      'AG\tAntigua',
      'AI\tAnguilla',
      'AL\tAlbania',
    ];
    const text = `# ISO 3166 codes\n#\n#country-\n#code\tname of country\n${codes.join('\n')}\n`;
    // Comment lines after the data too (tzdata's zone1970.tab): no comment line is the header.
    const commentsLater = `${text}# a comment after the data\n`;

    // Act
    const result = sniff(text);
    const later = sniff(commentsLater);

    // Assess
    expect(result).toMatchObject({
      delimiter: 9,
      header: true,
      commentHeader: true,
      skipBytes: text.indexOf('#code'),
      skipLines: 3,
      commentLines: [1, 2, 3],
      comment: { byte: 35, all: true },
    });
    expect(later).toMatchObject({
      header: false,
      commentHeader: false,
      skipBytes: text.indexOf('AD'),
      skipLines: 4,
      commentLines: [1, 2, 3, 4],
      width: 2,
    });
  });

  it('returns no comment rule for all # lines when the file starts with none', () => {
    // Act, Assess: then only a # line of another width is a comment (the parser's rule).
    expect(sniff('color,name\n#ff0000,red\n#00ff00,green\n')).toMatchObject({
      header: true,
      skipBytes: 0,
      comment: { byte: 35, all: false },
    });
  });

  it('returns no comment lines when # lines would take the whole sample', () => {
    // Prepare: colours without a header, every line a # line; and with no final line break.
    const colours = '#ff0000,red\n#00ff00,green\n#0000ff,blue\n';

    // Act, Assess: the # lines are the table (only one of another width is a comment).
    for (const text of [colours, colours.trimEnd()]) {
      expect(sniff(text)).toMatchObject({
        delimiter: 44,
        skipBytes: 0,
        skipLines: 0,
        commentLines: [],
        comment: { byte: 35, all: false },
      });
    }
    // A comment line above a table still is one.
    expect(sniff('# exported\n#ff0000,red\n1,x\n')).toMatchObject({
      commentLines: [1],
      comment: { byte: 35, all: true },
    });
  });

  it('returns where the table starts after a preamble', () => {
    // Prepare: a narrower line (issue 13's reproduction); counts as scikit-learn writes them.
    const narrow = '3,4\na,b,c,d\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n';
    const rows = Array.from({ length: 12 }, (_, i) => `${i}.5,3.${i},1.${i},0`).join('\n');
    const counts = `12,3,setosa,versicolor\n${rows}\n`;
    // Not a count line: small numbers, or numbers all along.
    const small = '1,2\n3,4\n';
    const numbers = `12,3,4.5,1\n${rows}\n`;

    // Act, Assess
    expect(sniff(narrow)).toMatchObject({
      header: true,
      skipBytes: 4,
      skipLines: 1,
      preambleLines: [1],
    });
    expect(sniff(counts)).toMatchObject({ header: false, skipLines: 1, preambleLines: [1] });
    expect(sniff(small)).toMatchObject({ skipLines: 0, preambleLines: [] });
    expect(sniff(numbers)).toMatchObject({ skipLines: 0, preambleLines: [] });
  });

  it('returns the widest record as the width of a table without a header', () => {
    // Act, Assess: rows of 3 fields, and some of 4 (an optional last column).
    expect(sniff('AD,1,x\nAE,2,y,note\nAF,3,z\n').width).toBe(4);
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
    expect(result).toMatchObject({
      delimiter: 44,
      quote: 39,
      header: false,
      decimalComma: true,
      strayQuoteLines: [],
    });
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
