export {
  ColumnFrequencies,
  type ColumnFrequenciesJson,
  FREQUENT_ITEMS,
  type FrequentValue,
} from './ColumnFrequencies.js';
export { DenseStore, type DenseStoreJson } from './DenseStore.js';
export {
  NonFiniteValueError,
  SketchArgumentError,
  SketchError,
  SketchErrorCode,
  SketchJsonError,
  SketchMergeError,
} from './errors.js';
export { HashSet53 } from './HashSet53.js';
export { HyperLogLog, type HyperLogLogJson } from './HyperLogLog.js';
export { decodeBase64, decodeHashList, encodeHashList } from './hashList.js';
export { Moments, type MomentsJson } from './Moments.js';
export {
  DEFAULT_QUANTILE_ALPHA,
  DEFAULT_QUANTILE_MAX_BINS,
  type QuantileHistogramBin,
  QuantileSketch,
  type QuantileSketchJson,
} from './QuantileSketch.js';
export { quantileDiscIndex } from './quantileDiscIndex.js';
