export { profileBytes, profileBytesState, profileFile, profileStream } from './adapters.js';
export { isProfileError, ProfileError, ProfileErrorCode } from './errors.js';
export { resolveOptions } from './options.js';
export { createProfiler, type Profiler } from './Profiler.js';
export { mergeStates } from './state/merge.js';
export type { ProfileState } from './state/types.js';
export { summarizeState } from './summary.js';
export { summaryToJson } from './summaryJson.js';
export {
  type ColumnProfile,
  ColumnType,
  DateFormat,
  type Dialect,
  type EncodingName,
  type Issue,
  IssueCode,
  type ProfileOptions,
  SUMMARY_VERSION,
  type Summary,
} from './types.js';
