import { isGzipMagic } from '../decode/GzipReader.js';
import { isProfileError } from '../errors.js';
import { readHeadPlan } from '../Profiler.js';
import type { ProfileOptions } from '../types.js';
import type { ByteSource } from './ByteSource.js';
import type { SplitPlan } from './types.js';

/**
 * Bytes of the head the dialect is sniffed from: what `profileFile` (src/files/) reads first
 * (one 1 MiB read), so a split file is sniffed exactly as the file read in one pass.
 */
export const HEAD_BYTES = 1 << 20;

/** Bytes the first piece holds at least: the decoder's encoding detection reads 4. */
const MIN_FIRST_PIECE = 4;

/** Where to cut: into `pieces` about equal ranges of at least `minPieceBytes`, or at `cuts`. */
export type SplitRequest =
  | { pieces: number; minPieceBytes?: number | undefined }
  | { cuts: readonly number[] };

/** Why a file is profiled in one piece (no plan). */
export type NoSplit = 'one-piece' | 'gzip' | 'utf-16' | 'no-first-record';

/**
 * Plans the split of the file `source`: sniffs its head once, as a profile of the whole file
 * does (Profiler.ts `readHeadPlan`), and cuts it into byte ranges. Gzip and UTF-16 cannot be
 * cut (a cut lands inside a compressed block, or between the two bytes of a character), nor a
 * file whose head holds no complete record: those are profiled in one piece, as is a file too
 * small for more than one piece. A head that cannot be profiled also gives one piece: the
 * one pass reports its error.
 */
export async function planSplit(
  source: ByteSource,
  request: SplitRequest,
  options: ProfileOptions = {},
): Promise<SplitPlan | NoSplit> {
  const size = source.size;
  const cuts = 'cuts' in request ? validCuts(request.cuts, size) : evenCuts(request, size);
  if (cuts.length < 2) return 'one-piece';
  if (options.encoding === 'utf-16le' || options.encoding === 'utf-16be') return 'utf-16';
  const head = await readHead(source, Math.min(size, HEAD_BYTES));
  if (isGzipMagic(head[0], head[1])) return 'gzip';
  if (options.encoding === undefined && (head[0] === 0xff || head[0] === 0xfe)) {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      return 'utf-16';
    }
  }
  let plan: SplitPlan['head'] | null;
  try {
    plan = readHeadPlan(head, head.length === size, options);
  } catch (error) {
    if (isProfileError(error)) return 'no-first-record';
    throw error;
  }
  if (plan === null) return 'no-first-record';
  // The first piece holds the lines the sniffer skipped and the first record, which sets the
  // columns. Decoding never shortens text but for a BOM, so that ends by the text offset + 3.
  const firstRecordEnd = plan.firstRecordEnd + 3;
  const kept = cuts.filter((c, i) => i === 0 || c >= firstRecordEnd);
  if (kept.length < 2) return 'one-piece';
  return {
    size,
    head: plan,
    encoding: options.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8',
    cuts: kept,
  };
}

/** Cuts into about equal ranges; [0] when the file is too small for two. */
function evenCuts(request: { pieces: number; minPieceBytes?: number | undefined }, size: number) {
  const min = Math.max(MIN_FIRST_PIECE, request.minPieceBytes ?? 1);
  const pieces = Math.max(1, Math.min(Math.floor(request.pieces), Math.floor(size / min)));
  return Array.from({ length: pieces }, (_, i) => Math.round((i * size) / pieces));
}

/** The given cuts, sorted, deduplicated and within the file (0 first, the first piece >= 4 bytes). */
function validCuts(cuts: readonly number[], size: number): number[] {
  const inside = cuts.filter((c) => Number.isInteger(c) && c >= MIN_FIRST_PIECE && c < size);
  return [0, ...new Set([...inside].sort((a, b) => a - b))];
}

async function readHead(source: ByteSource, bytes: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source.chunks(0, bytes)) parts.push(new Uint8Array(chunk));
  return new Uint8Array(Buffer.concat(parts));
}
