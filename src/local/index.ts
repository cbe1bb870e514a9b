export { DATA_LAYOUT, LOCAL_DEFAULTS } from './constants.js';
export {
  CheckedFilesystemStore,
  type DamagedObject,
  type RecoveryReport,
  type StoreCheckReport,
} from './emulators/CheckedFilesystemStore.js';
export { DynaliteEmulator, type DynaliteOptions } from './emulators/DynaliteEmulator.js';
export type {
  DynamoEmulator,
  DynamoRequest,
  DynamoRequestListener,
} from './emulators/DynamoEmulator.js';
export {
  type Emulator,
  type EmulatorOptions,
  type ObjectEvent,
  type ObjectEventListener,
  type S3Emulator,
  S3EventName,
} from './emulators/S3Emulator.js';
export {
  LEAN_STORE_FOLDER,
  S3rverEmulator,
  type S3rverEmulatorOptions,
  type S3StartReport,
} from './emulators/S3rverEmulator.js';
export {
  BundleNotFoundError,
  EmulatorStartError,
  LocalError,
  LocalErrorCode,
  LocalStateError,
  ThrottledError,
  WaitTimeoutError,
} from './errors.js';
export { createS3Event, type S3EventContext } from './events/createS3Event.js';
export { createSqsEvent } from './events/createSqsEvent.js';
export {
  EventOutbox,
  type OutboxEntry,
  type OutboxOpenReport,
  type OutboxOutcome,
  type OutboxTarget,
} from './events/EventOutbox.js';
export { eventObjectKeys } from './events/eventObjectKeys.js';
export {
  createOnFailureRecord,
  type FunctionError,
  type OnFailureRecord,
} from './events/failureRecord.js';
export {
  csvNotificationRules,
  matchRule,
  type NotificationRule,
} from './events/NotificationRule.js';
export { Sequencer } from './events/Sequencer.js';
export {
  LocalPipeline,
  type LocalPipelineInfo,
  type LocalPipelineOptions,
  type LocalRecoveryReport,
  type LocalStopReport,
  type WaitForItemOptions,
} from './LocalPipeline.js';
export { type LocalNames, localNames } from './localSettings.js';
export {
  type CustomMetricSnapshot,
  type DynamoMetricsSnapshot,
  type FunctionMetricsSnapshot,
  type InvocationSample,
  LocalMetrics,
  type LocalMetricsSnapshot,
} from './metrics/LocalMetrics.js';
export { type Distribution, percentile, summarize } from './metrics/summarize.js';
export { type RepairReport, repairStore } from './repairStore.js';
export {
  type AsyncOutcome,
  LocalLambdaRuntime,
  type LocalLambdaRuntimeOptions,
  type RuntimeState,
} from './runtime/LocalLambdaRuntime.js';
export type {
  InvocationRecord,
  InvocationResult,
  LogLine,
  LogStream,
} from './runtime/types.js';
