import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource, profileFile } from '../../src/files/index.js';
import { profileBytes } from '../../src/profile/index.js';
import { utf8 } from '../profile/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profileFile', () => {
  it('returns the summary of profileBytes across reused read buffers', async () => {
    // Prepare: 2.6 MB, so the two 1 MiB read buffers are each reused; the first non-ASCII
    // value comes after the first chunk and must still count characters, not bytes.
    const lines = ['id,word,note'];
    for (let i = 0; i < 80_000; i++) {
      const word = i === 70_000 ? 'héllo wörld ünïcode' : `w${i % 97}`;
      lines.push(`${i},${word},"a ""quoted"", note ${i % 13}"`);
    }
    const bytes = utf8(`${lines.join('\n')}\n`);
    const path = join(dir, 'big.csv');
    writeFileSync(path, bytes);
    // Act
    const fromFile = await profileFile(path);
    // Assess
    expect(bytes.length).toBeGreaterThan(2.5e6);
    expect(fromFile).toEqual(profileBytes(bytes, { fileName: 'big.csv' }));
    const word = fromFile.columns.find((c) => c.name === 'word')!;
    expect(word.string?.max_length).toBe('héllo wörld ünïcode'.length);
  });

  it('returns the summary of a file smaller than one read', async () => {
    // Prepare
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a,b\n1,x\n2,y\n');
    // Act
    const summary = await profileFile(path);
    // Assess
    expect(summary.row_count).toBe(2);
    expect(summary.file_name).toBe('small.csv');
  });
});

describe('fileSource', () => {
  it('returns the bytes of each range across its reused read buffers', async () => {
    // Prepare: 2.5 MiB of bytes that differ at every offset, so a chunk read from the wrong
    // position or a buffer reused too early shows.
    const bytes = new Uint8Array(2.5 * (1 << 20));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    const path = join(dir, 'ranges.bin');
    writeFileSync(path, bytes);
    const handle = await open(path, 'r');
    try {
      const source = fileSource(handle, bytes.length);
      for (const [start, end] of [
        [0, bytes.length],
        [1, (1 << 20) + 3],
        [(1 << 20) - 5, bytes.length + 100],
        [bytes.length - 1, bytes.length],
        [10, 10],
      ] as const) {
        // Act: copy each chunk before asking for the next (a chunk is valid until then).
        const chunks: Buffer[] = [];
        for await (const chunk of source.chunks(start, end)) chunks.push(Buffer.from(chunk));
        // Assess
        expect(Buffer.concat(chunks).equals(bytes.subarray(start, end)), `${start}-${end}`).toBe(
          true,
        );
      }
    } finally {
      await handle.close();
    }
  });
});
