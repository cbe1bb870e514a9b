/** One failure-injection case of experiment D. */
export interface FailureCase {
  name: string;
  description: string;
  body: () => Uint8Array;
  expectedStatus: 'success' | 'error';
  expectedErrorCode: string | null;
  /** A quality issue code the summary must contain (success cases). */
  expectedIssue: string | null;
}

const text = (value: string) => new TextEncoder().encode(value);

/** The original six cases plus binary, Latin-1, ragged rows and a 20,000-column header. */
export const FAILURE_CASES: readonly FailureCase[] = [
  {
    name: 'empty',
    description: 'empty file (0 bytes)',
    body: () => new Uint8Array(0),
    expectedStatus: 'error',
    expectedErrorCode: 'EMPTY_FILE',
    expectedIssue: null,
  },
  {
    name: 'no_header',
    description: 'numeric rows without a header',
    body: () => text('1,2,3\n4,5,6\n7,8,9\n10,11,12\n'),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: 'no_header',
  },
  {
    name: 'malformed',
    description: 'unterminated quoted field',
    body: () => text('a,b\n1,"unterminated\n2,3\n'),
    expectedStatus: 'error',
    expectedErrorCode: 'MALFORMED_CSV',
    expectedIssue: null,
  },
  {
    name: 'single_column',
    description: 'one column',
    body: () => text('name\nalice\nbob\ncarol\n'),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: null,
  },
  {
    name: 'all_missing',
    description: 'every value missing',
    body: () => text('a,b,c\n,,\n,,\n,,\n'),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: 'all_missing',
  },
  {
    name: 'large_field',
    description: 'a 100 KB field',
    body: () => text(`id,payload\n1,${'x'.repeat(100 * 1024)}\n2,short\n`),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: null,
  },
  {
    name: 'binary',
    description: 'binary content with NUL bytes',
    body: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256),
    expectedStatus: 'error',
    expectedErrorCode: 'NOT_TEXT',
    expectedIssue: null,
  },
  {
    name: 'latin1',
    description: 'Latin-1 (Windows-1252) text',
    body: () => Uint8Array.from(Buffer.from('name,city\nJosé,München\nZoë,Besançon\n', 'latin1')),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: 'encoding_fallback',
  },
  {
    name: 'ragged',
    description: 'rows with too few and too many fields',
    body: () => text('a,b,c\n1,2\n1,2,3,4\n1,2,3\n4,5,6\n'),
    expectedStatus: 'success',
    expectedErrorCode: null,
    expectedIssue: 'too_few_fields',
  },
  {
    name: 'wide_header',
    description: 'a 20,000-column header',
    body: () =>
      text(
        `${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 20_000 }, () => '1').join(',')}\n`,
      ),
    expectedStatus: 'error',
    expectedErrorCode: 'TOO_MANY_COLUMNS',
    expectedIssue: null,
  },
];
