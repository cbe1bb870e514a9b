#!/usr/bin/env python3
"""Counts what each corpus file holds, independently of the profiler and of DuckDB.

The dialect of each file (delimiter, quote, header, lines before the header, comment lines,
encoding, null tokens that are data) is decided by reading the file and written down in
DECISIONS below, with a one-line note. This tool then reads the file with Python's csv module
in that dialect and counts rows and columns, and types each column with the rules the README
documents ("What the profiler does"), written here from the README, not from src/:

- missing: empty, or one of NA N/A null NULL None NaN nan - (after trimming spaces and tabs),
  unless the file's decision says that token is data in that column;
- a column takes the first of boolean, int, float, date, datetime that at least 95% of its
  non-missing values fit, else string; all missing is `empty`;
- boolean: true/false, yes/no, t/f, y/n in any case; 0/1 stays int;
- int/float: [+-]digits, optional fraction and exponent; a column whose numbers have leading
  zeros (007) stays string; with a decimal comma, `,` is the decimal mark;
- date: YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY, YYYY/MM/DD, DD.MM.YYYY (one- or two-digit day and
  month), and, as issue 13 asks, M/D/YY;
- datetime: ISO 8601, and, as issue 13 asks, the date forms above followed by HH:MM with
  optional seconds, fraction and AM/PM.

Usage: python3 scripts/corpus/decide.py [--write]   (reads .cache/corpus/, run fetch first)
Prints each file's counts; with --write it rewrites test/realworld/expectations.json from the
decisions and the counts. The result was checked by eye against the files (see the notes).
"""

import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / '.cache' / 'corpus'
OUT = ROOT / 'test' / 'realworld' / 'expectations.json'

NULL_TOKENS = {'', 'NA', 'N/A', 'null', 'NULL', 'None', 'NaN', 'nan', '-'}
BOOL = {'true', 'false', 'yes', 'no', 't', 'f', 'y', 'n'}
NUM = re.compile(r'[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?')
INT = re.compile(r'[+-]?\d+')
LEADING_ZERO = re.compile(r'[+-]?0\d')
D = r'(\d{1,2})'
DATE_FORMS = [
    re.compile(r'\d{4}-\d{2}-\d{2}'),
    re.compile(D + '/' + D + r'/\d{4}'),
    re.compile(r'\d{4}/' + D + '/' + D),
    re.compile(D + r'\.' + D + r'\.\d{4}'),
    re.compile(D + '/' + D + r'/\d{2}'),  # M/D/YY, issue 13 defect 6
]
TIME = r'\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s?[AaPp][Mm])?'
DATETIME_FORMS = [
    re.compile(r'\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?'),
    re.compile(r'\d{4}/\d{1,2}/\d{1,2}[ T]' + TIME),
    re.compile(r'\d{1,2}/\d{1,2}/\d{2,4}[ T]' + TIME),
    re.compile(r'\d{1,2}\.\d{1,2}\.\d{4}[ T]' + TIME),
]

# One entry per corpus file: how to read it, decided by looking at it. `skip`: lines before
# the header (preamble); `comment`: lines starting with it are not records; `data_tokens`:
# column -> null tokens that are values there (issue 13 defect 11).
DECISIONS = {}


def decide(name, note, delimiter=',', quote='"', header=True, skip=0, comment=None,
           encoding='utf-8', decimal='.', data_tokens=None, error=None, **extra):
    DECISIONS[name] = dict(note=note, delimiter=delimiter, quote=quote, header=header, skip=skip,
                           comment=comment, encoding=encoding, decimal=decimal,
                           data_tokens=data_tokens or {}, error=error, extra=extra)


def read_text(name, encoding):
    raw = (CACHE / name).read_bytes()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    bom = raw.startswith(b'\xef\xbb\xbf')
    if bom:
        raw = raw[3:]
    if encoding == 'mixed':  # per line: UTF-8 where valid, else Windows-1252
        lines = []
        for line in raw.split(b'\n'):
            try:
                lines.append(line.decode('utf-8'))
            except UnicodeDecodeError:
                lines.append(line.decode('cp1252'))
        return '\n'.join(lines)
    return raw.decode('cp1252' if encoding == 'windows-1252' else 'utf-8')


def fits_date(v):
    return any(f.fullmatch(v) for f in DATE_FORMS)


def fits_datetime(v):
    return any(f.fullmatch(v) for f in DATETIME_FORMS)


def column_type(values, decimal):
    n = len(values)
    if n == 0:
        return 'empty'

    def reaches(k):
        return k > 0 and k / n >= 0.95

    if reaches(sum(v.lower() in BOOL for v in values)):
        return 'boolean'
    nums = [v.replace(',', '.') if decimal == ',' else v for v in values]
    ints = sum(bool(INT.fullmatch(v)) for v in nums)
    floats = sum(bool(NUM.fullmatch(v)) for v in nums)
    if reaches(floats) or reaches(ints):
        if any(LEADING_ZERO.match(v) for v in nums if NUM.fullmatch(v)):
            return 'string'
        return 'int' if reaches(ints) and ints == floats else 'float'
    if reaches(sum(fits_date(v) for v in values)):
        return 'date'
    if reaches(sum(fits_datetime(v) or fits_date(v) for v in values)):
        return 'datetime'
    return 'string'


def count(name, d):
    text = read_text(name, d['encoding'])
    lines = text.splitlines(keepends=True)[d['skip']:]
    if d['comment']:
        lines = [l for l in lines if not l.startswith(d['comment'])]
    quoting = csv.QUOTE_NONE if d['quote'] == '' else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(''.join(lines)), delimiter=d['delimiter'],
                        quotechar=d['quote'] or '"', quoting=quoting, doublequote=True,
                        strict=False)
    records = [r for r in reader if r != []]  # blank lines are not rows
    if d['header'] and d['quote'] == "'":  # csv strips the quotes only around whole fields
        records[0] = [c[1:-1] if len(c) > 1 and c[0] == c[-1] == "'" else c for c in records[0]]
    names = records[0] if d['header'] else None
    body = records[1:] if d['header'] else records
    # With a header, the header says how many columns there are; without, the widest record.
    width = len(names) if names else max(len(r) for r in body)
    widths = sorted({len(r) for r in body})
    types, missing, mean_len = [], {}, {}
    for i in range(width):
        label = names[i] if names and i < len(names) else str(i)
        data = d['data_tokens'].get(label, set())
        cells = [r[i].strip(' \t') if i < len(r) else '' for r in body]
        present = [c for c in cells if c not in NULL_TOKENS or (c and c in data)]
        types.append(column_type(present, d['decimal']))
        missing[label] = len(cells) - len(present)
        mean_len[label] = sum(len(c) for c in present) / len(present) if present else 0
    return dict(rows=len(body), columns=width, widths=widths, names=names, types=types,
                missing=missing, mean_len=mean_len)


# --- the decisions, one per file ---------------------------------------------------------------
T = '\t'
decide('geonames_cities1000.txt',
       'GeoNames dump: 19 tab-separated fields on every line, no header (geonames readme); no field '
       'is quoted, 10 alternate-name lists start with a bare ", so the quote is none (defect 1)',
       delimiter=T, quote='', header=False)
decide('countries-list_countries.csv',
       'every field quoted; Code NA is Namibia (defect 11), not missing',
       data_tokens={'Code': {'NA'}}, missing=['Code'], quote_used=True)
decide('country-data_countries.csv',
       'header row; alpha2 NA is Namibia (defect 11); ccTLD set in only 5 rows; emoji flags',
       data_tokens={'alpha2': {'NA'}}, missing=['alpha2'], quote_used=True)
decide('country-data_currencies.csv', 'plain CSV with header; ISO 4217 numbers without leading zeros')
decide('country-data_languages.csv',
       'header row; names with commas are quoted; alpha2 missing for most languages')
decide('country-data_calling-codes.csv',
       'two # comment lines, blank lines between groups, no header; rows of 2 or 3 fields '
       '(XV has two codes), "+888 // Asia" is text (defect 2)',
       header=False, comment='#')
decide('world-countries_countries.csv',
       '74 quoted columns, 250 countries; lists inside cells are comma-joined text', quote_used=True)
decide('vega_github.csv',
       'YYYY/MM/DD HH:MM:SS timestamps (defect 5) and counts')
decide('vega_airports.csv',
       'FAA airport list; 12 airports have NA for both city and state (Marquette County is in '
       'Michigan): not available, so missing, although state is otherwise 2-letter codes '
       '(a counter-case for defect 11); iata codes such as 00M are text',
       missing=['city', 'state'])
decide('vega_stocks.csv', 'dates such as "Jan 1 2000" are not in a documented date form: string')
decide('vega_zipcodes.csv', 'US ZIP codes with leading zeros stay string')
decide('vega_unemployment.tsv', 'tab-separated, header id/rate; rates written .097', delimiter=T)
decide('vega_seattle-weather.csv', 'ISO dates, floats, a weather word')
decide('vega_birdstrikes.csv', 'CRLF line ends, none after the last row; ISO flight dates')
decide('sklearn_iris.csv',
       'line 1 "150,4,setosa,versicolor,virginica" is a preamble (rows, columns, class names); '
       'no header follows (defect 3)', header=False, skip=1)
decide('sklearn_breast_cancer.csv',
       'line 1 "569,30,malignant,benign" is a preamble; 30 features + target, no header '
       '(defect 3)', header=False, skip=1)
decide('sklearn_boston_house_prices.csv',
       'line 1 "506,13,,,..." is a preamble; the quoted header is line 2 (defect 3)', skip=1,
       quote_used=True)
decide('sklearn_wine_data.csv',
       'line 1 "178,13,class_0,class_1,class_2" is a preamble; no header (defect 3)',
       header=False, skip=1)
decide('sklearn_digits.csv.gz', 'gzip; 64 pixel counts + digit, no header', header=False)
decide('statsmodels_anes96.csv',
       "tab-separated, header names quoted with ' ('popul'), data unquoted (defect 9)",
       delimiter=T, quote="'")
decide('statsmodels_fertility.csv',
       'World Bank export: Country Name, Country Code, Indicator Name, Indicator Code, then one '
       'column per year 1960..2015; the first row is the header (defect 4); 2014/2015 are empty')
decide('statsmodels_danish_data.csv', 'UTF-8 BOM before the header; period is 1974Q1 text')
decide('statsmodels_co2.csv', 'dates written 19580329 are integers by the documented rules')
decide('statsmodels_macrodata.csv', 'quoted header, unquoted numbers', quote_used=True)
decide('statsmodels_randhie.csv', 'plain numeric CSV, 20,190 rows')
decide('statsmodels_star98.csv', 'quoted header, fixed-point numbers', quote_used=True)
decide('statsmodels_statecrime.csv', 'US states and rates')
decide('statsmodels_frbny_nowcast_2016-06-29.csv',
       'Date written M/D/YY (1/1/85, defect 6); many series empty in early rows')
decide('readr_challenge.csv',
       'readr\'s type challenge: x integers for 1,000 rows then floats; y NA for 1,000 rows then '
       'ISO dates')
decide('readr_mtcars.csv', 'quoted header, no model names', quote_used=True)
decide('readr_chickens.csv', 'quoted mottos with commas and apostrophes', quote_used=True)
decide('vroom_mtcars.csv.gz', 'gzip; model names, then numbers')
decide('vroom_bench_taxi.tsv', 'vroom benchmark timings, tab-separated', delimiter=T)
decide('datatable_1680-fread-header-encoding.csv',
       "';'-separated, Latin-1 (Straße as 0xDF, also in the header), quoted names with \"\"",
       delimiter=';', encoding='windows-1252', quote_used=True)
decide('datatable_russellCRLF.csv',
       'CRLF, quoted text, Windows-1252 ® (0xAE), MM/DD/YYYY dates', encoding='windows-1252',
       quote_used=True)
decide('datatable_quoted_no_header.csv',
       'no header (first row is a person); 6 fields; zip codes with leading zeros and spaces',
       header=False, quote_used=True)
decide('datatable_unescaped.csv',
       'every field quoted, but two comments contain bare quotes ("he said:"wonderful.""); read '
       'as a person would: 3 fields per row, 2 rows', quote_used=True)
decide('datatable_noquote.csv.gz',
       'gzip; line 1 "H,Locate Reply,GORLTR" is a preamble, no header; 2,093 D records and a '
       'T trailer row; M/D/YYYY h:mm:ss AM timestamps (defects 3, 5)', header=False, skip=1)
decide('datatable_issue_773_fread.txt',
       "'|'-separated, header AAA|BBB|CCC; from line 23 a narrower table (ZZZ|YYY) follows, "
       'counted as 5 ragged rows', delimiter='|')
decide('datatable_issue_2051.csv.gz',
       'gzip; 2 rows, 52 columns mostly empty; ISO timestamps with a space and milliseconds')
decide('palmerpenguins_penguins.csv', 'R export: NA is missing in numeric and sex columns')
decide('palmerpenguins_penguins_raw.csv',
       'R export: ISO dates, Yes/No clutch completion (boolean), NA missing', quote_used=True)
decide('ieee_oui.csv',
       'IEEE registry: CRLF, quoted names, some quoted addresses span lines; hex assignments',
       quote_used=True)
decide('ieee_mam.csv', 'IEEE MA-M registry: CRLF, quoted names', quote_used=True)
decide('tzdata_iso3166.tab',
       '29 # comment lines; the last one "#code<TAB>name ..." is the header; NA is Namibia '
       '(defects 2, 11)', delimiter=T, skip=29,
       data_tokens={'#code': {'NA'}}, missing=['#code'])
decide('tzdata_zone1970.tab',
       '# comment lines before and after the data, no header line; 3 or 4 fields (comments column '
       'is optional) (defect 2)', delimiter=T, header=False, comment='#')
decide('distro-info_debian.csv', 'release table; later columns empty for old releases')
decide('distro-info_ubuntu.csv', 'release table; rows shorter than the header (ragged)')
decide('excel_penguins_utf8_bom_crlf.csv', 'palmerpenguins penguins.csv re-saved with BOM + CRLF')
decide('excel_mtcars_de_semicolon.csv',
       "readr mtcars.csv as Excel de-DE writes it: ';', decimal comma, CRLF", delimiter=';',
       decimal=',')
decide('excel_languages_windows1252.csv',
       'country-data languages.csv in Windows-1252 + CRLF (Bokmål, Provençal, Volapük)',
       encoding='windows-1252', quote_used=True)
decide('mixed_currencies_one_windows1252_line.csv',
       'country-data currencies.csv with line 71 (Icelandic króna) in Windows-1252; later lines '
       '(São Tomé, złoty) stay valid UTF-8 (defect 7)', encoding='mixed', meanLength=['name'])
decide('nul_penguins.csv', 'penguins.csv with one NUL byte at the start of line 101 (defect 8)')
decide('truncated_mtcars.csv.gz', 'vroom mtcars.csv.gz cut in half (defect 10)',
       error='CORRUPT_GZIP')


def main():
    write = '--write' in sys.argv
    current = json.loads(OUT.read_text()) if OUT.exists() else {'files': []}
    files = []
    for name, d in DECISIONS.items():
        entry = {'file': name, 'note': d['note']}
        if d['error']:
            entry['error'] = d['error']
            files.append(entry)
            print(f'{name}: error {d["error"]}')
            continue
        c = count(name, d)
        entry.update(delimiter=d['delimiter'], header=d['header'])
        if d['quote'] != '"' or d['extra'].get('quote_used'):
            entry['quote'] = d['quote']
        entry.update(rows=c['rows'], columns=c['columns'], types=c['types'])
        if c['names'] is not None:
            entry['names'] = c['names']
        for key in ('encoding', 'decimal'):
            if d[key] not in ('utf-8', '.'):
                entry[key] = d[key]
        for key in ('missing', 'meanLength'):
            cols = d['extra'].get(key)
            if cols:
                src = c['missing'] if key == 'missing' else c['mean_len']
                entry[key] = {col: src[col] for col in cols}
        files.append(entry)
        print(f"{name}: rows {c['rows']} cols {c['columns']} widths {c['widths']} "
              f"types {' '.join(c['types'])}")
    if write:
        current['files'] = files
        OUT.write_text(json.dumps(current, indent=2, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
