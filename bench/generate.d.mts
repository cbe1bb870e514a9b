// Types of generate.mjs, for the TypeScript tests that reuse the benchmark's generators.

export declare const GENERATOR_VERSION: number;
export declare const VARIANTS: readonly ['mixed', 'narrow', 'wide'];
export type Variant = (typeof VARIANTS)[number];
export declare const DATA_DIR: string;

/** sfc32 seeded PRNG returning floats in [0, 1). */
export declare function createRandom(seed: number): () => number;
/** Column layout (name, kind) of a variant. */
export declare function columnsOf(variant: Variant): [name: string, kind: string][];
/** Path of the generated file for a variant and size in MB (10^6 bytes). */
export declare function dataPath(variant: Variant, mb: number): string;
/** Writes `variant` of about `mb` * 10^6 bytes to `out`. */
export declare function generate(
  variant: Variant,
  mb: number,
  out?: string,
): { path: string; bytes: number; rows: number; columns: number };
/** Generates the file unless it already exists; returns its path. */
export declare function ensureData(variant: Variant, mb: number, log?: (m: string) => void): string;
/** The mixed file of `mb` MB gzipped (level 6), made unless it exists; returns its path. */
export declare function ensureGzipData(mb: number, log?: (m: string) => void): string;
