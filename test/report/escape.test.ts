import { describe, expect, it } from 'vitest';
import { displayText, escapeHtml, jsonForScript } from '../../src/report/escape.js';
import { XSS } from './fixtures.js';

describe('escapeHtml', () => {
  it('returns text with the five HTML-significant characters as references', () => {
    // Act
    const out = escapeHtml(`<a href="x" title='y'>&amp;</a>`);

    // Assess
    expect(out).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('returns every payload without a raw <, >, " or \'', () => {
    for (const payload of Object.values(XSS)) {
      expect(escapeHtml(payload)).not.toMatch(/[<>"']/);
    }
  });
});

describe('jsonForScript', () => {
  it('returns JSON that parses back to the same value', () => {
    // Prepare
    const value = { payloads: Object.values(XSS), nested: [{ k: '</script>\u2028' }] };

    // Act
    const json = jsonForScript(value);

    // Assess
    expect(JSON.parse(json)).toEqual(value);
  });

  it('returns no character that could end a script element or a JavaScript string', () => {
    // Act
    const json = jsonForScript(Object.values(XSS));

    // Assess
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).toContain('\\u2028');
  });
});

describe('displayText', () => {
  it('returns control characters as visible pictures and escapes', () => {
    // Act
    const out = displayText(XSS.controls, 100);

    // Assess
    expect(out).toBe('a\u2401b\u2407c\u2409b\u241bd\u2421e\\u0085f');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserts their absence
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('returns line separators and bidirectional overrides as escapes', () => {
    expect(displayText(XSS.separators, 100)).toBe('line\\u2028para\\u2029end');
    expect(displayText(XSS.bidi, 100)).toBe('abc\\u202edcba');
  });

  it('returns a long value cut with an ellipsis and its full length', () => {
    // Act
    const out = displayText('x'.repeat(20_000), 10);

    // Assess
    expect(out).toBe('xxxxxxxxxx… (20,000 characters)');
  });

  it('returns a cut that never splits a surrogate pair', () => {
    // Prepare: the 10th code unit is the first half of an emoji.
    const value = `${'a'.repeat(9)}😀${'b'.repeat(10)}`;

    // Act
    const out = displayText(value, 10);

    // Assess
    expect(out.startsWith(`${'a'.repeat(9)}…`)).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('returns short text unchanged', () => {
    expect(displayText('Köln, 12 €', 100)).toBe('Köln, 12 €');
  });
});
