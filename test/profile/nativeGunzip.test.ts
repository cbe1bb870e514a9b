import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileBytes, profileStream, type Summary } from '../../src/profile/index.js';

/** Yields `bytes` in chunks of `size`, all through one reused buffer (as a file's reads do). */
async function* reusedChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = Math.min(size, bytes.length - at);
    buffer.set(bytes.subarray(at, at + n));
    yield buffer.subarray(0, n);
    buffer.fill(0xee); // whatever still reads the chunk now reads garbage
  }
}

/** The summary, or the error code, of one path. */
async function outcome(run: () => Summary | Promise<Summary>): Promise<Summary | string> {
  try {
    return await run();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const MiB = 1024 * 1024;
const rowsText = (n: number) =>
  `id,name,amount\n${Array.from({ length: n }, (_, i) => `${i},n${(i * 7919) % 101},${i * 0.25}`).join('\n')}\n`;

describe('profileStream of gzip (Node zlib beside the profile)', () => {
  it('returns the summary push() returns for the same bytes, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(1_000), fc.constantFrom('a', 'b,c', '"q, r"', '')), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 70_000 }),
        fc.integer({ min: 1, max: 9 }),
        async (rows, members, chunk, level) => {
          // Prepare: the text gzipped in 1 to 4 members.
          const text = `n,s\n${rows.map(([n, s]) => `${n},${s}`).join('\n')}\n`;
          const bytes = Buffer.from(text);
          const cut = Math.ceil(bytes.length / members);
          const parts: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += cut) {
            parts.push(gzipSync(bytes.subarray(at, at + cut), { level }));
          }
          const gz = Buffer.concat(parts);

          // Act
          const streamed = await outcome(() => profileStream(reusedChunks(gz, chunk)));
          const pushed = await outcome(() => profileBytes(gz));

          // Assess
          expect(streamed).toEqual(pushed);
          if (typeof streamed !== 'string') {
            expect(streamed.encoding.gzip).toBe(true);
            expect(streamed.dataset.bytes).toBe(gz.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  const gz = gzipSync(rowsText(2_000));
  const second = gzipSync(Buffer.from('1,x,2\n'));
  const badCrc = Buffer.from(gz);
  badCrc[badCrc.length - 8]! ^= 1;
  const badSize = Buffer.from(gz);
  badSize[badSize.length - 1]! ^= 1;
  const badDeflate = Buffer.from(gz);
  badDeflate[40]! ^= 0xff;

  it.each([
    ['cut in half', gz.subarray(0, gz.length >> 1)],
    ['cut before its trailer', gz.subarray(0, gz.length - 4)],
    ['whose CRC-32 disagrees with its trailer', badCrc],
    ['whose size disagrees with its trailer', badSize],
    ['with a damaged deflate stream', badDeflate],
    ['followed by bytes that are no gzip member', Buffer.concat([gz, Buffer.from('junk!')])],
    ['followed by zero bytes', Buffer.concat([gz, Buffer.alloc(10)])],
    ['whose second member is cut off', Buffer.concat([gz, second.subarray(0, 12)])],
  ])(
    'returns CORRUPT_GZIP for a gzip %s, as push() does, at every chunk size',
    async (_, bytes) => {
      for (const size of [1, 3, 512, 65_536, 4 * MiB]) {
        // Act
        const streamed = await outcome(() => profileStream(reusedChunks(bytes, size)));

        // Assess
        expect(streamed, `chunk ${size}`).toBe('CORRUPT_GZIP');
        expect(await outcome(() => profileBytes(bytes))).toBe('CORRUPT_GZIP');
      }
    },
  );

  it('returns DECOMPRESSED_TOO_LARGE for a gzip bomb, and stops reading it', async () => {
    // Prepare: 32 members of 64 MiB each (2 GiB) in about 2 MiB; a source that counts what is
    // read of it.
    const member = gzipSync(Buffer.alloc(64 * MiB, '0,0\n'), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 32 }, () => member));
    let read = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of reusedChunks(bomb, 1024)) {
        read += chunk.length;
        yield chunk;
      }
    }

    // Act
    const ratio = await outcome(() => profileStream(counted(), { maxCompressionRatio: 100 }));
    const absolute = await outcome(() =>
      profileStream(reusedChunks(bomb, 65_536), { maxDecompressedBytes: MiB }),
    );

    // Assess: refused past the 16 MiB grace at 100:1, with most of the input never read.
    expect(ratio).toBe('DECOMPRESSED_TOO_LARGE');
    expect(absolute).toBe('DECOMPRESSED_TOO_LARGE');
    expect(read).toBeLessThan(bomb.length / 4);
  });

  it('closes the source when the profile ends early, plain or gzip', async () => {
    // Prepare: a source that records whether it was closed; a line longer than the limit.
    const text = Buffer.from(`a,b\n${'x'.repeat(300_000)},1\n${'1,2\n'.repeat(100_000)}`);
    const bomb = gzipSync(Buffer.alloc(64 * MiB, '0,0\n'), { level: 9 });
    const closedAfter = async (bytes: Uint8Array, options: object) => {
      let closed = false;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          yield* reusedChunks(bytes, 4096);
        } finally {
          closed = true;
        }
      }
      const result = await outcome(() => profileStream(source(), options));
      return { result, closed };
    };

    // Act
    const plain = await closedAfter(text, { maxFieldBytes: 100_000 });
    const gzip = await closedAfter(bomb, { maxCompressionRatio: 100 });

    // Assess
    expect(plain).toEqual({ result: 'FIELD_TOO_LARGE', closed: true });
    expect(gzip).toEqual({ result: 'DECOMPRESSED_TOO_LARGE', closed: true });
  });

  it('returns plain text and an empty gzip as push() does', async () => {
    // Prepare
    const plain = Buffer.from(rowsText(50));
    const empty = gzipSync(Buffer.alloc(0));

    // Act, Assess
    expect(await outcome(() => profileStream(reusedChunks(plain, 7)))).toEqual(profileBytes(plain));
    expect(await outcome(() => profileStream(reusedChunks(empty, 1)))).toBe('EMPTY_FILE');
    expect(await outcome(() => profileBytes(empty))).toBe('EMPTY_FILE');
    expect(await outcome(() => profileStream(reusedChunks(new Uint8Array(0), 1)))).toBe(
      'EMPTY_FILE',
    );
  });
});
