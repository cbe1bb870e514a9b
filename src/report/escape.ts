/**
 * How untrusted text (anything that comes from the profiled file: column names, values,
 * messages, the file name) reaches the report. This file owns the three contexts the report
 * writes such text into: HTML text, double-quoted HTML attributes, and JSON inside a
 * `<script type="application/json">` data block. The client script only ever puts these strings
 * into the page through `textContent` and `setAttribute`, never through an HTML parser.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML text content and for double-quoted attribute values (the report never
 * writes unquoted attributes). Escaping `"` and `'` as well lets one function serve both.
 */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const SCRIPT_DATA_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON for a `<script type="application/json">` block. Inside a script element the HTML parser
 * knows nothing of JSON: a string holding `</script>` would end the element and `<!--` would
 * enter the "script data escaped" states (WHATWG HTML, "Restrictions for contents of script
 * elements"). Writing `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026` removes every such
 * sequence; U+2028/U+2029 are written as escapes too, as they were line terminators inside
 * JavaScript strings before ES2019. Valid JSON has these characters only inside strings, so the
 * parsed value is unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    SCRIPT_DATA_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Characters that would be invisible, would move or reorder text around them, or that HTML
 * treats as parse errors: C0 and C1 controls, DEL, zero-width and bidirectional formatting
 * characters, the line and paragraph separators, and the byte order mark.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finds control characters on purpose
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  // C0 controls have Unicode "control pictures" (U+2400..U+241F, U+2421 for DEL).
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * An untrusted string as the report shows it: cut to `max` UTF-16 code units (never inside a
 * surrogate pair) with an ellipsis and the full length, and with invisible or control
 * characters made visible (`\t` as ␉, U+2028 as `\u2028`), so a value is shown as it is in the
 * file and cannot reorder or hide the text around it. The result still needs {@link escapeHtml}
 * or {@link jsonForScript} for the context it goes into.
 */
export function displayText(text: string, max: number): string {
  let shown = text;
  if (text.length > max) {
    let end = max;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    shown = `${text.slice(0, end)}… (${text.length.toLocaleString('en-US')} characters)`;
  }
  return shown.replace(INVISIBLE, visible);
}
