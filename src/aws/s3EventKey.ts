// The object key of an S3 event notification, as S3 writes it: the one codec of the project.
// The handler decodes with it (src/pipeline/eventRecord.ts), the local target encodes with it
// (src/local/events/createS3Event.ts), and the tests build their events with it.
//
// What S3 sends: "The s3 key provides information about the bucket and object involved in the
// event. The object key name value is URL encoded. For example, 'red flower.jpg' becomes
// 'red+flower.jpg' (Amazon S3 returns 'application/x-www-form-urlencoded' as the content type
// in the response)." (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html)
// That is form encoding, the application/x-www-form-urlencoded serializer of the URL Standard
// (https://url.spec.whatwg.org/#concept-urlencoded-serializer): ASCII letters, digits and
// `*-._` stay, a space is `+`, every other byte of the UTF-8 form is `%XX` (so `~` is `%7E`,
// `(` is `%28`). S3 keeps `/` as it is. Samples recorded from S3: `a@b` -> `a%40b` (LocalStack's
// AWS-validated snapshot, tests/aws/services/s3/test_s3_notifications_sqs.snapshot.json,
// test_key_encoding); `A file+name` -> `A+file%2Bname`; `/` kept while `+` is a space
// (MinIO issue 11665, comparing its events with S3's). LocalStack 4 itself sends Python's
// `quote(key)` (space as `%20`, `~` kept, `*` as `%2A`), which decodes to the same key.

/**
 * Encodes an object key the way S3 writes it into event notifications: form URL encoding (the
 * URL Standard's serializer, which `URLSearchParams` implements) with `/` kept.
 *
 * @example encodeS3EventKey('uploads/a b+c/ü (1)~.csv') === 'uploads/a+b%2Bc/%C3%BC+%281%29%7E.csv'
 */
export function encodeS3EventKey(key: string): string {
  return new URLSearchParams([['k', key]]).toString().slice('k='.length).replace(/%2F/g, '/');
}

/**
 * Decodes an S3 event key: `+` is a space, then percent-decoding (`%2B` is a plus; LocalStack's
 * `%20` is a space too). A key that is not valid percent-encoding is returned as it came, so a
 * record never fails on its key alone.
 */
export function decodeS3EventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch {
    return encoded;
  }
}
