export { profileBytes, profileBytesState, profileFile, profileStream } from './adapters.js';
export { isProfileError, ProfileError, ProfileErrorCode } from './errors.js';
export {
  createProfiler,
  mergeStates,
  type Profiler,
  type ProfileState,
  resolveOptions,
  summarizeState,
} from './Profiler.js';
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
