export {
  AwsFailure,
  type AwsFailureInfo,
  awsRequestError,
  classifyAwsError,
  describeAwsFailure,
} from './awsErrors.js';
export {
  type Comparison,
  compareResults,
  type ExperimentComparison,
} from './compare/compareResults.js';
export { renderHtml } from './compare/renderHtml.js';
export { renderMarkdown } from './compare/renderMarkdown.js';
export {
  EXPERIMENT_IDS,
  EXPERIMENT_TITLES,
  type ExperimentId,
  INGEST_TEST_PREFIX,
  POLL,
  SAFE_EXPERIMENTS,
  SCALE_PARAMETERS,
  Scale,
  TargetKind,
} from './constants.js';
export { generateCsv, newRunId } from './csv.js';
export {
  AwsRequestError,
  BadResultsError,
  ExperimentError,
  ExperimentErrorCode,
  ItemTimeoutError,
  isExperimentError,
  NoMetricsError,
  TargetUnreachableError,
  VerifyFailedError,
} from './errors.js';
export { buildIamChecks, buildSimulateRequest, evaluateCheck } from './iam/iamChecks.js';
export type { IamCheck, IamCheckResult, IamReport } from './iam/types.js';
export { formatIngestTest, type IngestTestResult, runIngestTest } from './ingestTest.js';
export { formatMetrics } from './metrics/formatMetrics.js';
export { buildFilterLogEventsInput } from './metrics/logsRequests.js';
export { buildGetMetricDataInput, rowsFromMetricData } from './metrics/metricDataQueries.js';
export { metricsFromLogs, reportsFromLogs } from './metrics/metricsFromLogs.js';
export { metricsFromSnapshot } from './metrics/metricsFromSnapshot.js';
export { parseReportLine } from './metrics/parseReportLine.js';
export type { MetricRow, MetricsReport } from './metrics/types.js';
export { pollItem } from './pollItem.js';
export { createProgress, type Progress, silentProgress } from './progress.js';
export { loadResults, parseResults } from './results/loadResults.js';
export type { EnvironmentMetadata, ExperimentResult, Results } from './results/types.js';
export { bootstrapMedianCi, bootstrapRatioCi, describe, median, seededRandom } from './stats.js';
export { estimateCost, formatCost } from './suite/estimateCost.js';
export { FAILURE_CASES } from './suite/failureCases.js';
export { runSuite, type SuiteOptions } from './suite/runSuite.js';
export { CloudTarget, type CloudTargetDeps } from './targets/CloudTarget.js';
export { LocalTarget, type LocalTargetOptions } from './targets/LocalTarget.js';
export {
  buildColdStartUpdate,
  buildFanoutUpdate,
  COLD_START_VARIABLE,
} from './targets/lambdaRequests.js';
export { type OpenTargetOptions, openTarget } from './targets/openTarget.js';
export type { InvocationReport, Target, TargetMetadata, TargetNames } from './targets/Target.js';
export {
  EXIT_FAILED,
  EXIT_UNAVAILABLE,
  exitCodeFor,
  reportError,
  TARGET_CHOICES,
  type TargetFlags,
  targetFromFlags,
} from './targets/targetFlags.js';
export { cleanupUploads, uploadAndWait } from './uploadAndWait.js';
