import { createHash } from 'node:crypto';

/** A CSP source expression for inline text: `'sha256-<base64 of the SHA-256 of its UTF-8>'`. */
export const cspHash = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The report's Content-Security-Policy, delivered in a `<meta http-equiv>` because a file on
 * disk or an S3 object served as text/html has no header we control. It allows exactly the one
 * inline script and the one inline style by hash (a nonce proves nothing in a static file), and
 * nothing else: no network (`default-src 'none'` covers connect, img, font, media, frame),
 * no `<base>`, no form submission. Trusted Types (`require-trusted-types-for 'script'` with no
 * policy allowed) make every string given to an HTML sink such as `innerHTML` throw, in browsers
 * that support them. `frame-ancestors`, `sandbox` and `report-uri` are left out: browsers ignore
 * them in a meta policy (W3C CSP3 "Delivery via meta element"; WHATWG HTML pull request 523).
 */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}
