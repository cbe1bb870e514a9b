import { describe, expect, it } from 'vitest';
import { decodeS3EventKey, encodeS3EventKey } from '../../src/aws/s3EventKey.js';

// Keys as S3 writes them into event notifications; the sources are cited in src/aws/s3EventKey.ts.
const SAMPLES: ReadonlyArray<[key: string, encoded: string, source: string]> = [
  ['red flower.jpg', 'red+flower.jpg', "AWS's event message structure page"],
  ['a@b', 'a%40b', "LocalStack's snapshot recorded against AWS (test_key_encoding)"],
  ['A file+name', 'A+file%2Bname', 'an S3 event quoted in ysugimoto/aws-lambda-image#28'],
  ['uploads/dir/x y.csv', 'uploads/dir/x+y.csv', 'S3 keeps `/` (MinIO issue 11665)'],
];

describe('encodeS3EventKey', () => {
  it.each(SAMPLES)('returns %j as S3 sends it: %j (%s)', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
  });

  it('returns form encoding: *-._ kept, ~ and the other marks escaped, UTF-8 bytes as %XX', () => {
    // Act
    const encoded = ['a*b~c', "uploads/a b+c/ü (1)!~*'.csv", 'x=1&y;z:2,$?#[]'].map(
      encodeS3EventKey,
    );

    // Assess
    expect(encoded).toEqual([
      'a*b%7Ec',
      'uploads/a+b%2Bc/%C3%BC+%281%29%21%7E*%27.csv',
      'x%3D1%26y%3Bz%3A2%2C%24%3F%23%5B%5D',
    ]);
  });
});

describe('decodeS3EventKey', () => {
  it.each([
    ['uploads/my+file.csv', 'uploads/my file.csv'],
    ['uploads/my%20file.csv', 'uploads/my file.csv'], // LocalStack: quote(key)
    ['uploads/a%2Bb.csv', 'uploads/a+b.csv'],
    ['uploads/a%2Ab~c.csv', 'uploads/a*b~c.csv'], // LocalStack's form of a*b~c
    ['uploads/a*b%7Ec.csv', 'uploads/a*b~c.csv'], // S3's form of a*b~c
    ['uploads/caf%C3%A9/%E6%97%A5%E6%9C%AC.csv', 'uploads/café/日本.csv'],
    ['uploads/100%25+sure.csv', 'uploads/100% sure.csv'],
    ['uploads/bad%zz.csv', 'uploads/bad%zz.csv'],
  ])('returns the key of %s', (encoded, key) => {
    expect(decodeS3EventKey(encoded)).toBe(key);
  });
});
