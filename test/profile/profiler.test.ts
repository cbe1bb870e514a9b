import { describe, expect, it } from 'vitest';
import {
  createProfiler,
  mergeStates,
  profileBytes,
  profileBytesState,
  type Summary,
  summarizeState,
} from '../../src/profile/index.js';
import { pushChunks, utf8 } from './helpers.js';

const profile = (text: string, options = {}) => profileBytes(utf8(text), options);
const issue = (s: Summary, code: string, column?: string) =>
  s.quality_issues.issues.find(
    (i) => i.code === code && (column === undefined || i.column === column),
  );
const col = (s: Summary, name: string) => s.columns.find((c) => c.name === name)!;

const MIXED = [
  'id,name,score,born,active,zip,seen,big',
  '1,Alice,3.5,2020-01-31,true,02134,2021-03-04T10:00:00Z,9007199254740993',
  '2,"Bob, Jr.",N/A,2020-02-29,no,10001,2021-03-04 11:30:00.250+02:00,-12345678901234567890',
  '3,"Carol ""CC""",4.25,2019-12-01,YES,02139,2021-03-05T00:00:00Z,5',
  '4,Dan,-1e2,2021-07-04,f,94105,2021-03-06T00:00:00Z,7',
  '4,Dan,-1e2,2021-07-04,f,94105,2021-03-06T00:00:00Z,7',
  '',
  '6,"multi',
  'line",0,2018-05-06,n,00501,,8',
].join('\n');

describe('createProfiler', () => {
  it('infers the schema of a mixed file', () => {
    const s = profile(MIXED, { fileName: 'mixed.csv' });
    expect(s.schema).toEqual({
      id: 'int',
      name: 'string',
      score: 'float',
      born: 'date',
      active: 'boolean',
      zip: 'string',
      seen: 'datetime',
      big: 'int',
    });
    expect(s.row_count).toBe(6);
    expect(s.dataset.blank_rows).toBe(1);
    expect(s.dataset.duplicate_rows).toBe(1);
    expect(issue(s, 'duplicate_rows')!.sample_lines).toEqual([6]);
  });

  it('keeps the exact digits of integers beyond 2^53', () => {
    const big = col(profile(MIXED), 'big').numeric!;
    expect(big.max_exact).toBe('9007199254740993');
    expect(big.min_exact).toBe('-12345678901234567890');
  });

  it('reports numeric, date, datetime, boolean and string statistics', () => {
    const s = profile(MIXED);
    const score = col(s, 'score');
    expect(score.missing).toBe(1);
    expect(score.numeric).toMatchObject({ min: -100, max: 4.25, zeros: 1, negatives: 2 });
    expect(score.numeric!.mean).toBeCloseTo((3.5 + 4.25 - 200 + 0) / 5, 12);
    expect(col(s, 'born').date).toMatchObject({
      min: '2018-05-06',
      max: '2021-07-04',
      format: 'YYYY-MM-DD',
    });
    expect(col(s, 'seen').date).toMatchObject({
      min: '2021-03-04T09:30:00.250Z',
      max: '2021-03-06T00:00:00.000Z',
    });
    expect(col(s, 'active').boolean).toEqual({ true_count: 2, false_count: 4 });
    expect(col(s, 'name').string).toMatchObject({ min_length: 3, max_length: 10 });
    expect(s.statistics.score).toEqual({
      min: -100,
      max: 4.25,
      avg: score.numeric!.mean,
      count: 5,
    });
  });

  it('counts null tokens as missing instead of turning a numeric column into text', () => {
    const rows = [
      'v',
      ...Array.from({ length: 40 }, (_, i) => String(i)),
      'N/A',
      'NA',
      'null',
      '-',
    ];
    const s = profile(rows.join('\n'));
    expect(s.schema.v).toBe('int');
    expect(col(s, 'v').missing).toBe(4);
    expect(s.quality_issues.missing_values).toEqual({ v: 4 });
  });

  it('tolerates up to 5% invalid values and reports them with sample lines', () => {
    const rows = ['v', ...Array.from({ length: 38 }, (_, i) => String(i * 1.5)), 'oops', 'n/a?'];
    const s = profile(rows.join('\n'));
    expect(s.schema.v).toBe('float');
    expect(col(s, 'v').invalid).toBe(2);
    expect(issue(s, 'invalid_values', 'v')).toMatchObject({ count: 2, sample_lines: [40, 41] });
    // One more bad value crosses the threshold: the column becomes text.
    expect(profile([...rows, 'bad'].join('\n')).schema.v).toBe('string');
  });

  it('keeps 0/1 columns int and leading-zero codes text', () => {
    const s = profile('flag,code\n0,007\n1,010\n0,123\n');
    expect(s.schema).toEqual({ flag: 'int', code: 'string' });
    expect(issue(s, 'leading_zeros', 'code')).toMatchObject({ count: 2, sample_lines: [2, 3] });
  });

  it('resolves MM/DD against DD/MM from the whole column', () => {
    expect(col(profile('d\n01/02/2020\n03/04/2020\n25/12/2020\n'), 'd').date).toMatchObject({
      format: 'DD/MM/YYYY',
      min: '2020-02-01',
      max: '2020-12-25',
    });
    expect(col(profile('d\n01/02/2020\n12/31/2020\n'), 'd').date!.format).toBe('MM/DD/YYYY');
    expect(col(profile('d\n01/02/2020\n03/04/2020\n'), 'd').date).toMatchObject({
      ambiguous: true,
    });
  });

  it('reports mixed date formats', () => {
    const s = profile(
      `d\n${Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`).join('\n')}\n31.01.2020\n`,
    );
    expect(s.schema.d).toBe('date');
    expect(issue(s, 'mixed_date_formats', 'd')).toMatchObject({ count: 1 });
  });

  it('names columns safely', () => {
    const s = profile('name,name,,Name\n1,2,3,4\n');
    expect(s.columns.map((c) => c.name)).toEqual(['name', 'name_2', 'column_3', 'Name']);
    expect(issue(s, 'duplicate_header')).toBeDefined();
    expect(issue(s, 'blank_header')).toBeDefined();
    const noHeader = profile('1,2\n3,4\n');
    expect(noHeader.dialect.header).toBe(false);
    expect(noHeader.columns.map((c) => c.name)).toEqual(['column_1', 'column_2']);
    expect(noHeader.row_count).toBe(2);
    expect(issue(noHeader, 'no_header')).toBeDefined();
  });

  it('counts ragged rows without failing', () => {
    const s = profile('a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    expect(s.dataset).toMatchObject({ too_few_fields_rows: 1, too_many_fields_rows: 1 });
    expect(issue(s, 'too_few_fields')!.sample_lines).toEqual([3]);
    expect(issue(s, 'too_many_fields')!.sample_lines).toEqual([4]);
    expect(col(s, 'c').missing).toBe(1);
  });

  it('reports constant, all-missing, whitespace, outlier and no-data issues', () => {
    const values = Array.from(
      { length: 50 },
      (_, i) => `k,,${i === 7 ? ' x ' : 'x'},${i === 9 ? 1000 : i % 5}`,
    );
    const s = profile(`c,e,w,o\n${values.join('\n')}\n`);
    expect(issue(s, 'constant_column', 'c')).toBeDefined();
    expect(issue(s, 'all_missing', 'e')).toMatchObject({ count: 50 });
    expect(s.schema.e).toBe('empty');
    expect(issue(s, 'whitespace', 'w')).toMatchObject({ count: 1, sample_lines: [9] });
    expect(issue(s, 'outliers', 'o')!.count).toBeGreaterThanOrEqual(1);
    expect(issue(profile('a,b\n'), 'no_data_rows')).toBeDefined();
  });

  it('sniffs semicolons with decimal commas, tabs, pipes and single quotes', () => {
    const semi = profile('name;price\nA;3,14\nB;2,5\n');
    expect(semi.dialect).toMatchObject({ delimiter: ';', decimal: ',' });
    expect(semi.schema.price).toBe('float');
    expect(col(semi, 'price').numeric!.max).toBe(3.14);
    expect(profile('a\tb\n1\t2\n').dialect.delimiter).toBe('\t');
    expect(profile('a|b\n1|2\n').dialect.delimiter).toBe('|');
    const single = profile("a,b\n'x,y',1\n'z,w',2\n");
    expect(single.dialect.quote).toBe("'");
    expect(single.row_count).toBe(2);
  });

  it('honours every dialect override and reports it as not sniffed', () => {
    const s = profile('a;b\n1;2\n', { delimiter: ',', header: false, quote: "'", decimal: ',' });
    expect(s.dialect).toMatchObject({ delimiter: ',', quote: "'", header: false, decimal: ',' });
    expect(s.dialect.sniffed).toEqual({
      delimiter: false,
      quote: false,
      header: false,
      decimal: false,
    });
    expect(s.column_count).toBe(1);
  });

  it('reports line endings', () => {
    expect(profile('a\r\n1\r\n').dialect.line_ending).toBe('CRLF');
    expect(profile('a\r1\r').dialect.line_ending).toBe('CR');
    expect(profile('a\n1\r\n').dialect.line_ending).toBe('mixed');
  });

  it('reports an encoding fallback with its line', () => {
    const bytes = Buffer.concat([utf8('a,b\nx,1\n'), Buffer.from('caf\xe9,2\n', 'latin1')]);
    const s = profileBytes(bytes);
    expect(s.encoding.name).toBe('windows-1252');
    expect(s.encoding.fallback_from_line).toBe(3);
    expect(issue(s, 'encoding_fallback')!.sample_lines).toEqual([3]);
    expect(s.columns[0]!.top.map((t) => t.value)).toContain('café');
  });

  it('decodes one Windows-1252 line without turning the UTF-8 lines after it into mojibake', () => {
    // Prepare: issue 13 defect 7; "Zürich" in Windows-1252 between UTF-8 lines, at 3 places in
    // a file longer than the sniffer's sample (so both the sample and the stream are tested).
    const filler = Array.from({ length: 3000 }, (_, i) => `c${i % 10}\n`).join('');
    const latin1 = Buffer.from('Zürich\n', 'latin1');
    const bytes = Buffer.concat([
      utf8('city\nSão Paulo\n'),
      latin1,
      utf8(`São Paulo\nMünchen\n${filler}`),
      latin1,
      utf8(filler),
      latin1,
    ]);
    const fillerLines = 3000;

    for (const size of [0, 1000, 65_536]) {
      // Act
      const p = createProfiler();
      pushChunks(bytes, size, (c) => p.push(c));
      const s = p.end();

      // Assess
      // São Paulo, Zürich, München and c0..c9; mojibake (SÃ£o Paulo) would add values.
      const city = col(s, 'city');
      expect(city.distinct).toBe(13);
      expect(city.string!.max_length).toBe('São Paulo'.length);
      expect(s.encoding).toMatchObject({ name: 'utf-8', fallback_from_line: 3 });
      expect(issue(s, 'encoding_fallback')).toMatchObject({
        count: 3,
        sample_lines: [3, 6 + fillerLines, 7 + 2 * fillerLines],
      });
    }
  });

  it('profiles text with a few NUL and control bytes, reporting them with their lines', () => {
    // Prepare: issue 13 defect 8; a NUL in the sample, a form feed far beyond it.
    const filler = Array.from({ length: 5000 }, (_, i) => `${i},v${i}\n`).join('');
    const text = `a,b\n1,x\n2,y\0\n${filler}3,\f\n`;

    for (const size of [0, 7, 4096]) {
      // Act
      const p = createProfiler();
      pushChunks(utf8(text), size, (c) => p.push(c));
      const s = p.end();

      // Assess
      expect(s.row_count).toBe(5003);
      expect(issue(s, 'control_characters')).toMatchObject({
        count: 2,
        sample_lines: [3, 5004],
        severity: 'warning',
      });
    }
  });

  it('reads fields that start with a bare quote as text, losing no row', () => {
    // Prepare: issue 13 defect 1; GeoNames' alternate names start with a bare " now and then.
    const stray = 'id\tname\talt\n1\ta\t"x\n2\tb\t"y\n3\tc\tz\n';
    // Beyond the sniffer's sample, where the sample shows no quote at all.
    const late = `id,name\n${'1,plain\n'.repeat(20_000)}2,"open\n3,"x"y\n4,z\n`;

    // Act
    const s = profile(stray);
    const t = profile(late);

    // Assess: and never silent where the sample shows the stray quote.
    expect(s.dialect.quote).toBe('');
    expect(s.row_count).toBe(3);
    expect(col(s, 'alt').top.map((v) => v.value)).toEqual(['"x', '"y', 'z']);
    expect(issue(s, 'malformed_quotes')).toMatchObject({ count: 1, sample_lines: [2] });
    expect(t.dialect.quote).toBe('');
    expect(t.row_count).toBe(20_003);
  });

  it('reports text after a closing quote as malformed_quotes, with its lines', () => {
    // Prepare: the quote is used (line 2), then misused twice.
    const text = 'a,b\n1,"p,q"\n2,"x"y\n3,z\n4,"u" v\n';

    for (const options of [{}, { quote: '"' }]) {
      // Act
      const s = profile(text, options);

      // Assess
      expect(s.dialect.quote).toBe('"');
      expect(s.row_count).toBe(4);
      expect(col(s, 'b').top.map((v) => v.value)).toContain('xy');
      expect(issue(s, 'malformed_quotes')).toMatchObject({ count: 2, sample_lines: [3, 5] });
    }
  });

  it('reports a stray quote that swallows lines, when the quote is given', () => {
    // Act: the caller insists on " where the file's quotes are stray.
    const s = profile('id\tname\talt\n1\ta\t"x\n2\tb\t"y\n3\tc\tz\n', { quote: '"' });

    // Assess: never silent.
    expect(s.row_count).toBe(2);
    expect(issue(s, 'malformed_quotes')).toMatchObject({ count: 1, sample_lines: [2] });
  });

  it('reads no field as quoted with quote none', () => {
    // Act
    const s = profile('a,b\n"1,2,3"\n', { quote: 'none' });

    // Assess
    expect(s.dialect).toMatchObject({ quote: '', sniffed: { quote: false } });
    expect(s.dataset.too_many_fields_rows).toBe(1);
  });

  it('skips # comment lines, keeps a #code header and reports the comments with their lines', () => {
    // Prepare: issue 13 defect 2; tzdata's iso3166.tab: comments, then a #code header.
    const rows = ['AD\tAndorra', 'AE\tEmirates', 'AF\tAfghanistan', 'AG\tAntigua', 'AI\tAnguilla'];
    const text = `# country codes\n#\n#code\tname\n${rows.join('\n')}\nAL\tAlbania\n`;
    // tzdata's zone1970.tab: comment lines after the data too, so every # line is a comment.
    const later = `# country codes\n#\n#code\tname\n${rows.join('\n')}\n# a note, "quoted\nAL\tAlbania\n#\n`;

    for (const size of [0, 3, 40]) {
      // Act
      const run = (t: string) => {
        const p = createProfiler({ sampleBytes: 16 });
        pushChunks(utf8(t), size, (c) => p.push(c));
        return p.end();
      };
      const s = run(text);
      const t = run(later);

      // Assess
      expect(s.columns.map((c) => c.name)).toEqual(['#code', 'name']);
      expect(s.row_count).toBe(6);
      expect(issue(s, 'comment_lines')).toMatchObject({ count: 2, sample_lines: [1, 2] });
      expect(t.dialect.header).toBe(false);
      expect(t.row_count).toBe(6);
      expect(issue(t, 'comment_lines')).toMatchObject({ count: 5, sample_lines: [1, 2, 3, 9, 11] });
    }
  });

  it('counts a # line inside the data as a comment only when it lacks the table width', () => {
    // Prepare: no comment line at the top; colours that start with # are data.
    const text = 'a,b\n1,x\n# a note\n#ff0000,red\n3,z\n';

    // Act
    const s = profile(text);

    // Assess
    expect(s.row_count).toBe(3);
    expect(s.schema).toEqual({ a: 'string', b: 'string' });
    expect(issue(s, 'comment_lines')).toMatchObject({ count: 1, sample_lines: [3] });
    expect(s.dataset.too_few_fields_rows).toBe(0);
  });

  it('profiles a file whose every line starts with # as data, not as comments', () => {
    // Prepare: colours and their red channel, no header; one line of another width is a comment.
    const text = '#ff0000,255\n#00ff00,0\n# a note\n#0000ff,0\n';

    // Act
    const s = profile(text);

    // Assess: before, every line was a comment and the file EMPTY_FILE.
    expect(s.dialect.header).toBe(false);
    expect(s.row_count).toBe(3);
    expect(s.column_count).toBe(2);
    expect(Object.values(s.schema)).toEqual(['string', 'int']);
    expect(issue(s, 'comment_lines')).toMatchObject({ count: 1, sample_lines: [3] });
  });

  it('skips a preamble above the header, reporting it, and keeps file line numbers', () => {
    // Prepare: issue 13 defect 3; a "3,4" line above the header; an invalid value on line 5.
    const text = '3,4\na,b,c,d\n1.5,2.5,3.5,0\n1.5,2.5,3.5,0\n1.5,x,3.5,0\n'.repeat(1);

    // Act
    const s = profile(text);

    // Assess
    expect(s.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.row_count).toBe(3);
    expect(s.schema).toEqual({ a: 'float', b: 'string', c: 'float', d: 'int' });
    expect(issue(s, 'skipped_preamble')).toMatchObject({ count: 1, sample_lines: [1] });
    expect(s.dataset.too_few_fields_rows).toBe(0);
  });

  it('skips a count line above a table without a header (scikit-learn datasets)', () => {
    // Prepare: 12 rows of 4 fields under "12,3,setosa,versicolor".
    const rows = Array.from({ length: 12 }, (_, i) => `${i}.5,3.${i},1.${i},${i % 3}`);

    // Act
    const s = profile(`12,3,setosa,versicolor\n${rows.join('\n')}\n`);

    // Assess
    expect(s.dialect.header).toBe(false);
    expect(s.row_count).toBe(12);
    expect(s.column_count).toBe(4);
    expect(issue(s, 'skipped_preamble')!.sample_lines).toEqual([1]);
  });

  it('reads a table without a header as wide as its widest record', () => {
    // Act: rows of 3 fields, some of 4 (an optional comment column).
    const s = profile('AD,1,x\nAE,2,y,note\nAF,3,z\n');

    // Assess
    expect(s.column_count).toBe(4);
    expect(s.dataset).toMatchObject({ too_many_fields_rows: 0, too_few_fields_rows: 2 });
  });

  it('types datetimes in YYYY/MM/DD, MM/DD/YYYY and DD.MM.YYYY forms, with their format', () => {
    // Prepare: issue 13 defect 5; seconds, fractions and AM/PM optional.
    const text = [
      'ymd,us,dot,eu_ampm',
      '2013/08/29 12:06:01,08/29/2013 12:06:01,29.08.2013 12:06:01,29/08/2013 12:06 PM',
      '2013/08/30 13:07:02.5,08/30/2013 13:07,30.08.2013 13:07:02,30/08/2013 1:07:02 AM',
      '2013/08/31 14:08,08/31/2013 14:08:03.25,31.08.2013 14:08,31/08/2013 11:59:59 PM',
    ].join('\n');

    // Act
    const s = profile(text);

    // Assess
    expect(s.schema).toEqual({
      ymd: 'datetime',
      us: 'datetime',
      dot: 'datetime',
      eu_ampm: 'datetime',
    });
    expect(col(s, 'ymd').date).toEqual({
      min: '2013-08-29T12:06:01.000Z',
      max: '2013-08-31T14:08:00.000Z',
      format: 'YYYY/MM/DD hh:mm:ss',
      ambiguous: false,
    });
    expect(col(s, 'us').date).toMatchObject({
      max: '2013-08-31T14:08:03.250Z',
      format: 'MM/DD/YYYY hh:mm:ss',
    });
    expect(col(s, 'dot').date!.format).toBe('DD.MM.YYYY hh:mm:ss');
    expect(col(s, 'eu_ampm').date).toMatchObject({
      min: '2013-08-29T12:06:00.000Z',
      max: '2013-08-31T23:59:59.000Z',
      format: 'DD/MM/YYYY hh:mm:ss',
    });
  });

  it('types M/D/YY dates as dates of their century (issue 13 defect 6)', () => {
    // Act: the pivot of POSIX %y: 69..99 are 19xx, 00..68 are 20xx.
    const s = profile('Date,value\n1/13/85,1\n2/1/85,2\n3/1/01,3\n12/31/68,4\n');

    // Assess
    expect(s.schema).toEqual({ Date: 'date', value: 'int' });
    expect(col(s, 'Date').date).toEqual({
      min: '1985-01-13',
      max: '2068-12-31',
      format: 'MM/DD/YY',
      ambiguous: false,
    });
  });

  it('reads NA among two-letter codes as a value, and reports it (issue 13 defect 11)', () => {
    // Prepare: NA is North America and Namibia here.
    const text = 'code,continent\nUS,NA\nCA,NA\nFR,EU\nJP,AS\nNA,AF\n';

    // Act
    const s = profile(text);

    // Assess
    for (const name of ['code', 'continent']) {
      expect(col(s, name)).toMatchObject({ missing: 0, null_tokens_as_values: ['NA'] });
      expect(issue(s, 'null_token_as_value', name)).toBeDefined();
    }
    expect(col(s, 'continent').top[0]).toEqual({ value: 'NA', count: 2 });
    expect(col(s, 'continent').distinct).toBe(4);
  });

  it('keeps NA missing where the file also writes it for missing values', () => {
    // Prepare: vega's airports: NA for both city and state of one airport.
    const text = 'iata,city,state\nBOS,Boston,MA\nMQT,NA,NA\nJFK,New York,NY\nORD,Chicago,IL\n';
    // NA among numbers, or among codes of another shape, is missing too.
    const numbers = 'id,score,cc\n1,3.5,USA\n2,NA,NA\n3,4.0,FRA\n4,1.5,JPN\n';

    // Act
    const s = profile(text);
    const t = profile(numbers);

    // Assess
    expect(col(s, 'state').missing).toBe(1);
    expect(col(s, 'city').missing).toBe(1);
    expect(col(t, 'score').missing).toBe(1);
    expect(col(t, 'cc').missing).toBe(1);
    expect(issue(s, 'null_token_as_value')).toBeUndefined();
    expect(issue(t, 'null_token_as_value')).toBeUndefined();
  });

  it('rejects text whose start is mostly control characters as NOT_TEXT', () => {
    // Prepare: 4 KB of bytes spread over every value, 11% of them C0 controls.
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251);

    // Act, Assess
    expect(() => profileBytes(bytes)).toThrow(
      expect.objectContaining({ code: 'NOT_TEXT', message: expect.stringMatching(/control/) }),
    );
  });

  it.each([
    ['EMPTY_FILE', ''],
    ['EMPTY_FILE', '\n\n\n'],
    ['NOT_TEXT', `a,b\n${'\0'.repeat(20)}`],
    ['MALFORMED_CSV', 'a,b\n"1,2\n'],
  ])('fails with %s', (code, text) => {
    expect(() => profile(text)).toThrow(expect.objectContaining({ code }));
  });

  it('fails with TOO_MANY_COLUMNS and FIELD_TOO_LARGE at the configured limits', () => {
    expect(() => profile('a,b,c\n', { maxColumns: 2 })).toThrow(
      expect.objectContaining({ code: 'TOO_MANY_COLUMNS' }),
    );
    expect(() => profile(`a\n${'x'.repeat(200)}\n`, { maxFieldBytes: 100 })).toThrow(
      expect.objectContaining({ code: 'FIELD_TOO_LARGE' }),
    );
  });

  it('gives the one-shot summary at every chunk size', () => {
    const bytes = utf8(MIXED);
    const oneShot = profileBytes(bytes);
    for (let size = 1; size <= bytes.length; size++) {
      // The sample (at least 256 bytes) holds the first quoted record, as the whole file does.
      const p = createProfiler({ sampleBytes: 256 });
      pushChunks(bytes, size, (c) => p.push(c));
      const s = p.end();
      expect(s, `chunk size ${size}`).toEqual(oneShot);
    }
  });

  it('merges the states of two parts into the state of the whole', () => {
    const lines = [
      'a,b,c',
      ...Array.from({ length: 200 }, (_, i) => `${i % 17},${(i * 0.37).toFixed(2)},w${i % 5}`),
    ];
    const whole = profileBytes(utf8(`${lines.join('\n')}\n`));
    const head = profileBytesState(utf8(`${lines.slice(0, 120).join('\n')}\n`));
    const tail = profileBytesState(utf8(`${lines.slice(120).join('\n')}\n`), { header: false });
    const merged = summarizeState(mergeStates(head, tail));
    // Exact fields are equal; sample lines of the tail are numbered from its own start.
    const exact = (s: Summary) =>
      s.columns.map((c) => ({
        type: c.type,
        count: c.count,
        missing: c.missing,
        distinct: c.distinct,
        // Top values are exact below the sketch capacity (64 distinct), a sketch above it.
        top: c.distinct <= 64 ? c.top : c.top_estimated,
        min: c.numeric?.min,
        max: c.numeric?.max,
        sum: c.numeric?.sum,
      }));
    expect(exact(merged)).toEqual(exact(whole));
    expect(merged.row_count).toBe(whole.row_count);
    expect(merged.dataset.duplicate_rows).toBe(whole.dataset.duplicate_rows);
    merged.columns.forEach((c, i) => {
      if (c.numeric === undefined) return;
      expect(c.numeric.mean!).toBeCloseTo(whole.columns[i]!.numeric!.mean!, 9);
      expect(c.numeric.stddev!).toBeCloseTo(whole.columns[i]!.numeric!.stddev!, 9);
      expect(c.numeric.quantiles.p50).toBeCloseTo(whole.columns[i]!.numeric!.quantiles.p50, 6);
    });
  });
});
