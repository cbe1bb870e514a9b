// Where DuckDB (@duckdb/node-api, sniff_csv + read_csv with its defaults) disagrees with
// expectations.json, and who is right. This file owns the list; corpus.test.ts asserts that
// DuckDB differs on exactly these fields, so a DuckDB upgrade that changes them is noticed.
// `right`: 'expectation' when DuckDB misreads the file; 'by design' when DuckDB follows its own
// rules and ours differ: a sniffed column with one value that does not cast is VARCHAR, only ''
// is NULL unless `nullstr` is given, and `decimal_separator` and `encoding` are options it does
// not sniff (https://duckdb.org/docs/stable/data/csv/overview,
// https://duckdb.org/docs/stable/core_extensions/encodings); each was observed in this test.

import type { Field } from './compare.js';

export interface DuckdbDifference {
  fields: Field[];
  right: 'expectation' | 'by design';
  why: string;
}

const NA_TOKENS: Omit<DuckdbDifference, 'fields'> = {
  right: 'by design',
  why: 'NA is not NULL to DuckDB by default, so the numeric columns with NA are VARCHAR; we count NA as missing',
};
const NOT_UTF8: DuckdbDifference = {
  fields: ['error'],
  right: 'expectation',
  why: 'DuckDB rejects invalid UTF-8 unless told the encoding; the file is Windows-1252 (Excel) text',
};

export const DUCKDB_DIFFERENCES: Record<string, DuckdbDifference> = {
  'countries-list_countries.csv': {
    fields: ['types'],
    right: 'by design',
    why: 'Phone: 3 of 252 values are lists (1787,1939), so DuckDB says VARCHAR; we allow 5% invalid',
  },
  'country-data_currencies.csv': {
    fields: ['types'],
    right: 'by design',
    why: 'number: one "Nil" makes it VARCHAR to DuckDB; int with 1 invalid value to us',
  },
  'world-countries_countries.csv': {
    fields: ['types'],
    right: 'by design',
    why: 'idd.root (+1) and callingCodes (a few comma lists): VARCHAR to DuckDB, int with invalid values to us',
  },
  'country-data_calling-codes.csv': {
    fields: ['delimiter', 'header', 'rows', 'columns', 'types'],
    right: 'expectation',
    why: 'DuckDB does not skip the # comment lines: it sniffs | and one column, header = the comment',
  },
  'tzdata_zone1970.tab': {
    fields: ['delimiter', 'header', 'rows', 'columns', 'types'],
    right: 'expectation',
    why: 'DuckDB does not skip the # comment lines: one column, 374 rows of comments and data',
  },
  'sklearn_iris.csv': {
    fields: ['header'],
    right: 'expectation',
    why: 'the preamble 150,4,setosa,... becomes the header (the profiler does the same, defect 3)',
  },
  'sklearn_boston_house_prices.csv': {
    fields: ['rows', 'names', 'types'],
    right: 'expectation',
    why: 'the preamble 506,13 becomes the header and the real header a data row: 507 rows, all VARCHAR',
  },
  'statsmodels_fertility.csv': {
    fields: ['types'],
    right: 'by design',
    why: '2014 and 2015 have no value: VARCHAR to DuckDB, empty to us',
  },
  'readr_challenge.csv': {
    fields: ['types'],
    right: 'expectation',
    why: 'y is NA for the first 1,000 rows, then dates; DuckDB types it VARCHAR (NA is a string to it)',
  },
  'datatable_1680-fread-header-encoding.csv': NOT_UTF8,
  'datatable_russellCRLF.csv': NOT_UTF8,
  'excel_languages_windows1252.csv': NOT_UTF8,
  'mixed_currencies_one_windows1252_line.csv': NOT_UTF8,
  'datatable_quoted_no_header.csv': {
    fields: ['header', 'rows'],
    right: 'expectation',
    why: 'the first person (John,Doe,...) is taken as the header: 5 rows instead of 6',
  },
  'datatable_unescaped.csv': {
    fields: ['quote', 'rows', 'columns', 'names', 'types'],
    right: 'expectation',
    why: 'the bare quotes inside quoted comments make DuckDB skip 2 lines and read 0 rows, 5 columns',
  },
  'datatable_noquote.csv.gz': {
    fields: ['error'],
    right: 'expectation',
    why: 'DuckDB cannot sniff a file with a 3-field preamble and trailer around 10-field records',
  },
  'datatable_issue_773_fread.txt': {
    fields: ['delimiter', 'columns', 'names', 'types'],
    right: 'expectation',
    why: 'the narrower table at the end makes DuckDB sniff "," and one column for a |-separated file',
  },
  'datatable_issue_2051.csv.gz': {
    fields: ['types'],
    right: 'by design',
    why: '24 columns without a value: VARCHAR to DuckDB, empty to us',
  },
  'palmerpenguins_penguins.csv': { fields: ['types'], ...NA_TOKENS },
  'palmerpenguins_penguins_raw.csv': { fields: ['types'], ...NA_TOKENS },
  'excel_penguins_utf8_bom_crlf.csv': { fields: ['types'], ...NA_TOKENS },
  'nul_penguins.csv': { fields: ['types'], ...NA_TOKENS },
  'distro-info_debian.csv': {
    fields: ['delimiter', 'columns', 'names', 'types'],
    right: 'expectation',
    why: 'rows shorter than the header (ragged) make DuckDB sniff | and one column',
  },
  'distro-info_ubuntu.csv': {
    fields: ['delimiter', 'columns', 'names', 'types'],
    right: 'expectation',
    why: 'rows shorter than the header (ragged) make DuckDB sniff | and one column',
  },
  'excel_mtcars_de_semicolon.csv': {
    fields: ['types', 'decimal'],
    right: 'by design',
    why: 'DuckDB does not sniff the decimal comma (decimal_separator is an option): 3,9 is VARCHAR',
  },
  'truncated_mtcars.csv.gz': {
    fields: ['error'],
    right: 'expectation',
    why: 'DuckDB reads the first 16 of 32 rows of the cut-off gzip and reports no error',
  },
};
