import { DEFAULTS, NO_QUOTE } from './constants.js';
import { DEFAULT_NULL_TOKENS } from './infer/constants.js';
import type { ProfileOptions } from './types.js';

/** Options with every default filled in. */
export interface ResolvedOptions {
  fileName: string | null;
  delimiter: number | undefined;
  quote: number | undefined;
  header: boolean | undefined;
  decimal: '.' | ',' | undefined;
  encoding: ProfileOptions['encoding'];
  nullTokens: readonly string[];
  typeThreshold: number;
  sampleBytes: number;
  maxFieldBytes: number;
  maxColumns: number;
  exactDistinctLimit: number;
  duplicateRowLimit: number;
  sampleLines: number;
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
}

/** Resolves and validates options, filling defaults. */
export function resolveOptions(options: ProfileOptions = {}): ResolvedOptions {
  const oneChar = (value: string | undefined, what: string): number | undefined => {
    if (value === undefined) return undefined;
    const text = value === '\\t' || value === 'tab' ? '\t' : value;
    if (text.length !== 1 || text.charCodeAt(0) > 127) {
      throw new RangeError(`${what} must be one ASCII character, got ${JSON.stringify(value)}`);
    }
    return text.charCodeAt(0);
  };
  return {
    fileName: options.fileName ?? null,
    delimiter: oneChar(options.delimiter, 'delimiter'),
    // '' or 'none': no quote character.
    quote:
      options.quote === '' || options.quote === 'none' ? NO_QUOTE : oneChar(options.quote, 'quote'),
    header: options.header,
    decimal: options.decimal,
    encoding: options.encoding,
    nullTokens: options.nullTokens ?? DEFAULT_NULL_TOKENS,
    typeThreshold: options.typeThreshold ?? DEFAULTS.typeThreshold,
    sampleBytes: options.sampleBytes ?? DEFAULTS.sampleBytes,
    maxFieldBytes: options.maxFieldBytes ?? DEFAULTS.maxFieldBytes,
    maxColumns: options.maxColumns ?? DEFAULTS.maxColumns,
    exactDistinctLimit: options.exactDistinctLimit ?? DEFAULTS.exactDistinctLimit,
    duplicateRowLimit: options.duplicateRowLimit ?? DEFAULTS.duplicateRowLimit,
    sampleLines: options.sampleLines ?? DEFAULTS.sampleLines,
    maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULTS.maxDecompressedBytes,
    maxCompressionRatio: options.maxCompressionRatio ?? DEFAULTS.maxCompressionRatio,
  };
}
