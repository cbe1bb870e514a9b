// Entry of the profiler's WebAssembly kernel (AssemblyScript). Built by
// `npm run build:kernel` into ../wasm.generated.ts. The kernel allocates nothing: the caller
// owns linear memory above `heapBase()` and passes pointers.

export { classifyCells, foldHashes } from './cells';
export { classify, configureClassifier, setValueTokens } from './classify';
export { accountCells, columnStateBytes, initColumnState } from './column';
export {
  dedupeAddRows,
  dedupeFlush,
  dedupeGrowInPlace,
  dedupeRehash,
  dedupeStateBytes,
  dedupeWantSlots,
  initDedupe,
} from './dedupe';
export {
  addFrequencies,
  freqEstimatedBytes,
  freqInitialBytes,
  freqMaxBytes,
  freqMove,
  freqNeedBytes,
  freqRequests,
  freqScratchBytes,
  freqStop,
  initFrequencies,
  spillFrequencies,
} from './frequencies';
export { combineHash, hashBytes, hashNumber, rowHashSeed } from './hash';
export { addQuantiles, initQuantiles, quantileStateBytes } from './quantiles';
export { scanRows } from './rows';
export { scanRecord } from './scan';
export { countControls, countLineBreaks, findControl } from './text';

/** First byte of linear memory that the kernel's static data does not use. */
export function heapBase(): usize {
  return __heap_base;
}
