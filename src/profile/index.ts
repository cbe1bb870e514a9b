export { profileBytes, profileBytesState, profileStream } from './adapters.js';
export { isProfileError, ProfileError, ProfileErrorCode } from './errors.js';
export { resolveOptions } from './options.js';
export { createProfiler, type Profiler } from './Profiler.js';
export { type ByteSource, bytesSource } from './split/ByteSource.js';
export { type MergedPieces, mergePieces, type RerunPiece } from './split/mergePieces.js';
export { HEAD_BYTES, type NoSplit, planSplit, type SplitRequest } from './split/planSplit.js';
export { failedPiece, profilePiece, speculativeStart } from './split/profilePiece.js';
export { profileSplit, profileWhole, type SplitProfile } from './split/profileSplit.js';
export type { PieceResult, PieceStart, SplitPlan } from './split/types.js';
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
