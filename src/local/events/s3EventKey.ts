/**
 * Encodes an object key the way S3 writes it into event notifications: form URL encoding
 * (like Java's `URLEncoder`: letters, digits and `.-*_` kept, space as `+`, every other byte of
 * the UTF-8 form as `%XX`), except that `/` is kept.
 *
 * @example encodeS3EventKey('uploads/a b+c/ü.csv') === 'uploads/a+b%2Bc/%C3%BC.csv'
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/** Decodes a key from an S3 event (`+` is a space, `%2B` a plus). */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
