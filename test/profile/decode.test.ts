import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputDecoder } from '../../src/profile/decode/InputDecoder.js';
import { findInvalidUtf8, incompleteTail } from '../../src/profile/decode/utf8.js';
import { pushChunks, utf8 } from './helpers.js';

function decode(bytes: Uint8Array, chunkSize = 0, encoding?: 'utf-16le' | 'windows-1252') {
  const parts: Uint8Array[] = [];
  const decoder = new InputDecoder((c) => parts.push(c.slice()), encoding);
  /** Output offsets of the lines decoded as Windows-1252. */
  const fallbacks: number[] = [];
  decoder.onFallback = (offset) => fallbacks.push(offset);
  pushChunks(bytes, chunkSize, (c) => decoder.push(c));
  decoder.end();
  return { text: Buffer.concat(parts).toString('utf8'), info: decoder.info, decoder, fallbacks };
}

const SAMPLE = 'name,city\nZoë,Köln\nJosé,São Paulo\n';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  if (!bigEndian) return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe('InputDecoder', () => {
  it('passes UTF-8 through and strips a UTF-8 BOM', () => {
    expect(decode(utf8(SAMPLE)).text).toBe(SAMPLE);
    const withBom = decode(utf8(`\ufeff${SAMPLE}`));
    expect(withBom.text).toBe(SAMPLE);
    expect(withBom.info).toMatchObject({ name: 'utf-8', bom: true });
  });

  it.each([
    ['utf-16le', false],
    ['utf-16be', true],
  ] as const)('transcodes %s with a BOM at every chunk size', (name, bigEndian) => {
    const bytes = utf16(SAMPLE, bigEndian);
    for (const size of [0, 1, 2, 3, 5, 7]) {
      const { text, info } = decode(bytes, size);
      expect(text).toBe(SAMPLE);
      expect(info).toMatchObject({ name, bom: true });
    }
  });

  it('decodes only the lines that are not valid UTF-8 as Windows-1252, at every chunk size', () => {
    // Prepare: a Latin-1 "café" line, a line with UTF-8 "Zoë" then a Latin-1 "é" (not valid
    // as a whole: decoded whole as Windows-1252, never in halves where a chunk ends), and a
    // cut-off last line "€" (0x80) among UTF-8 lines.
    const bytes = Buffer.concat([
      utf8('a,b\nZoë,1\n'),
      Buffer.from('caf\xe9,2\n', 'latin1'),
      utf8('Zoë '),
      Buffer.from('caf\xe9,5\n', 'latin1'),
      utf8('São,3\r\n'),
      Buffer.from('\x80,4', 'latin1'),
    ]);
    const expected = 'a,b\nZoë,1\ncafé,2\nZoÃ« café,5\nSão,3\r\n€,4';
    for (let size = 0; size <= bytes.length; size++) {
      // Act
      const { text, info, decoder, fallbacks } = decode(bytes, size);

      // Assess
      expect(text, `chunk ${size}`).toBe(expected);
      expect(info.name).toBe('utf-8');
      expect(decoder.fallbackLines).toBe(3);
      // Each offset is the start of its line.
      const out = utf8(text);
      const lineOf = (offset: number) => out.subarray(0, offset).filter((b) => b === 10).length + 1;
      expect(fallbacks.map(lineOf)).toEqual([3, 4, 6]);
    }
  });

  it('names the encoding windows-1252 when no valid line has more than ASCII', () => {
    // Act
    const { text, info, decoder } = decode(Buffer.from('name\nJos\xe9\nAnn\nZo\xeb\n', 'latin1'));

    // Assess
    expect(text).toBe('name\nJosé\nAnn\nZoë\n');
    expect(info.name).toBe('windows-1252');
    expect(decoder.fallbackLines).toBe(2);
  });

  it('decides a line that ends in no line break once it is longer than 1 MiB', () => {
    // Prepare: an invalid byte, then 2 MiB without a line break, pushed in 64 KiB chunks.
    const bytes = Buffer.concat([Buffer.from('\xe9', 'latin1'), Buffer.alloc(2 << 20, 'x')]);
    const parts: number[] = [];
    const decoder = new InputDecoder((c) => parts.push(c.length));

    // Act
    pushChunks(bytes, 64 << 10, (c) => decoder.push(c));
    const beforeEnd = parts.reduce((a, b) => a + b, 0);
    decoder.end();

    // Assess: most of it was emitted before the end, the é as two UTF-8 bytes.
    expect(beforeEnd).toBeGreaterThan(1 << 20);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(bytes.length + 1);
  });

  it('gunzips gzip input detected by its magic bytes', () => {
    const gz = gzipSync(Buffer.from(SAMPLE.repeat(100)));
    for (const size of [0, 1, 10, 1000]) {
      const { text, info } = decode(gz, size);
      expect(text).toBe(SAMPLE.repeat(100));
      expect(info.gzip).toBe(true);
    }
  });

  it('rejects known binary formats by their magic bytes as NOT_TEXT', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decode(png)).toThrow(
      expect.objectContaining({ code: 'NOT_TEXT', message: expect.stringMatching(/PNG/) }),
    );
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
    expect(() => decode(zip)).toThrow(/Excel/);
  });

  it('passes NUL bytes in text through (the profiler judges and reports them)', () => {
    expect(decode(utf8('a,b\n1,2\0\n')).text).toBe('a,b\n1,2\0\n');
  });

  describe('corrupt gzip', () => {
    const gz = gzipSync(Buffer.from(SAMPLE.repeat(50)));
    /** `gz` with bytes `at..` replaced by `bytes`. */
    const patched = (bytes: Uint8Array, at: number) => {
      const out = Uint8Array.from(gz);
      out.set(bytes, at < 0 ? out.length + at : at);
      return out;
    };
    const code = (bytes: Uint8Array, size: number) => {
      try {
        decode(bytes, size);
        return null;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };

    it.each([
      ['cut in half', gz.subarray(0, gz.length >> 1)],
      ['cut inside its trailer', gz.subarray(0, gz.length - 3)],
      ['with a wrong CRC-32', patched(Uint8Array.of(0, 0, 0, 0), -8)],
      ['with a wrong length', patched(Uint8Array.of(1, 0, 0, 0), -4)],
      ['followed by bytes that are no gzip member', Buffer.concat([gz, Buffer.from('junk!')])],
    ])('returns CORRUPT_GZIP for a gzip %s, at every chunk size', (_, bytes) => {
      for (const size of [0, 1, 7, 100, 4096]) {
        expect(code(bytes, size), `chunk ${size}`).toBe('CORRUPT_GZIP');
      }
    });

    it('checks the trailer of every member of a multi-member gzip', () => {
      // Prepare: two members (as `cat a.gz b.gz` makes); the first with a wrong CRC-32.
      const second = gzipSync(Buffer.from('x,y\n'));
      const good = Buffer.concat([gz, second]);
      const bad = Buffer.concat([patched(Uint8Array.of(9, 9, 9, 9), -8), second]);

      // Act, Assess
      for (const size of [0, 1, 13, 4096]) {
        expect(decode(good, size).text).toBe(`${SAMPLE.repeat(50)}x,y\n`);
        expect(code(bad, size), `chunk ${size}`).toBe('CORRUPT_GZIP');
      }
    });
  });

  it('rejects UTF-16 without a BOM as UNSUPPORTED_ENCODING, and reads it when told', () => {
    const noBom = Buffer.from(SAMPLE, 'utf16le');
    expect(() => decode(noBom)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
    expect(decode(noBom, 0, 'utf-16le').text).toBe(SAMPLE);
  });

  it('rejects UTF-32 as UNSUPPORTED_ENCODING', () => {
    const utf32 = Uint8Array.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]);
    expect(() => decode(utf32)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_ENCODING' }));
  });

  it('decodes as Windows-1252 when told', () => {
    expect(decode(Buffer.from('caf\xe9\n', 'latin1'), 0, 'windows-1252').text).toBe('café\n');
  });
});

describe('InputDecoder gzip limits', () => {
  const MiB = 1024 * 1024;
  /** Pushes gzip bytes in 1 MiB chunks; returns the decompressed byte count or the error code. */
  function inflate(bytes: Uint8Array, limits: ConstructorParameters<typeof InputDecoder>[2]) {
    let out = 0;
    const decoder = new InputDecoder((c) => (out += c.length), undefined, limits);
    try {
      pushChunks(bytes, MiB, (c) => decoder.push(c));
      decoder.end();
      return out;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  }
  const zeros = (bytes: number) => gzipSync(Buffer.alloc(bytes, '0,0\n'), { level: 9 });

  it('returns DECOMPRESSED_TOO_LARGE past the absolute limit, and the text up to it', () => {
    expect(inflate(zeros(2 * MiB), { maxDecompressedBytes: MiB })).toBe('DECOMPRESSED_TOO_LARGE');
    expect(inflate(zeros(MiB), { maxDecompressedBytes: MiB })).toBe(MiB);
  });

  it('returns DECOMPRESSED_TOO_LARGE past the ratio once 16 MiB are out, not before', () => {
    // About 1,000:1, as a bomb; under the 16 MiB grace a small file may be that compressible.
    expect(inflate(zeros(32 * MiB), { maxCompressionRatio: 100 })).toBe('DECOMPRESSED_TOO_LARGE');
    expect(inflate(zeros(15 * MiB), { maxCompressionRatio: 100 })).toBe(15 * MiB);
    expect(inflate(zeros(32 * MiB), { maxCompressionRatio: 2_000 })).toBe(32 * MiB);
  });

  it('returns every byte of ordinary gzip text under the pipeline defaults', () => {
    // Prepare: varied rows compress about 3-5 times, as CSV does.
    const rows = Array.from({ length: 400_000 }, (_, i) => `${i},${(i * 7919) % 10007},x${i % 97}`);
    const text = `${rows.join('\n')}\n`;

    // Act
    const out = inflate(gzipSync(text), {
      maxCompressionRatio: 100,
      maxDecompressedBytes: 10 * MiB,
    });

    // Assess
    expect(out).toBe(Buffer.byteLength(text));
  });
});

describe('utf8 helpers', () => {
  it('returns the length of an incomplete trailing sequence', () => {
    expect(incompleteTail(utf8('aé').subarray(0, 2))).toBe(1);
    expect(incompleteTail(utf8('a€').subarray(0, 3))).toBe(2);
    expect(incompleteTail(utf8('a€'))).toBe(0);
    expect(incompleteTail(utf8('a😀').subarray(0, 4))).toBe(3);
  });

  it('returns the offset of the first invalid byte, or -1', () => {
    expect(findInvalidUtf8(utf8('héllo €😀'))).toBe(-1);
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(findInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xe9, 0x2c]))).toBe(2);
  });
});
