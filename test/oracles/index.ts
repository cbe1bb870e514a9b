// The TypeScript reference engine: the profiler as it was written in TypeScript before its hot
// loops moved into the WebAssembly kernel, kept as the differential oracle the kernel is tested
// against. Production never imports it (a Biome rule forbids imports of test/ from src/).

export { cellHash, ReferenceColumnAccumulator } from './ColumnAccumulator.js';
export { ReferenceColumnFrequencies, selectKth } from './ColumnFrequencies.js';
export { CsvParser, type CsvParserOptions, type RecordSink } from './CsvParser.js';
export {
  candidateMisses,
  classifyInto,
  countCell,
  countCells,
  createClassifiedCells,
  fitsType,
} from './cells.js';
export {
  type CellClassifier,
  type CellScratch,
  type ClassifierOptions,
  cellScratch,
  createClassifier,
  createNullMatcher,
  DEFAULT_NULL_TOKENS,
  epochDays,
  type NullMatcher,
} from './classify.js';
export {
  combineHash,
  hashBytes,
  hashBytesOut,
  hashNumber,
  hashNumberOut,
  hashOut,
  hashString,
  ROW_HASH_SEED,
} from './hash.js';
export { RowDeduplicator, type RowDeduplicatorJson } from './RowDeduplicator.js';
export { ReferenceMoments, ReferenceQuantileSketch } from './sketches.js';
