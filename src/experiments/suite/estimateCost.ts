import type { ExperimentId, ScaleParameters } from '../constants.js';
import { FAILURE_CASES } from './failureCases.js';

/** Approximate us-east-1 list prices (USD) used for the estimate. */
export const PRICES = {
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000166667,
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  logsPerGb: 0.5,
} as const;

/** What a run will do and roughly cost. */
export interface CostEstimate {
  uploads: number;
  bytes: number;
  s3Requests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  dynamoRequests: number;
  otherRequests: number;
  usd: number;
}

const ROW_BYTES = 45;
/** Rough GetItem reads per upload (adaptive polling up to 50 ms over ~1 s). */
const READS_PER_UPLOAD = 30;

/** Requests and an upper-bound cost of the planned experiments (deployments not included). */
export function estimateCost(
  experiments: readonly ExperimentId[],
  params: ScaleParameters,
  memoryMb = 512,
): CostEstimate {
  const files: number[] = [];
  const add = (count: number, rows: number) => {
    for (let i = 0; i < count; i += 1) files.push(rows * ROW_BYTES);
  };
  let otherRequests = 0;
  if (experiments.includes('B')) add(params.e2eRuns, params.e2eRows);
  if (experiments.includes('C')) {
    add(params.coldRounds * (1 + params.warmPerRound), 100);
    otherRequests += params.coldRounds * 5;
  }
  if (experiments.includes('D')) add(FAILURE_CASES.length, 1_000);
  if (experiments.includes('F')) for (const rows of params.fileSizes) add(1, rows);
  if (experiments.includes('G')) for (const level of params.parallelLevels) add(level, 1_000);
  if (experiments.includes('H')) otherRequests += 12;
  let pieceInvocations = 0;
  if (experiments.includes('I')) {
    for (const pieces of params.fanoutPieces) {
      add(params.fanoutRuns, params.fanoutRows);
      // Each piece: an invocation, a plan read, its ranged read, its state written and read.
      if (pieces > 1) pieceInvocations += params.fanoutRuns * pieces;
    }
    // Two configuration updates per level (set, and finally restore).
    otherRequests += params.fanoutPieces.length * 2 + 2;
  }
  const bytes = files.reduce((sum, size) => sum + size, 0);
  const uploads = files.length;
  // Processing at a conservative 5 MB/s plus 300 ms per invocation.
  const lambdaSeconds = files.reduce((sum, size) => sum + 0.3 + size / 5_000_000, 0);
  const lambdaGbSeconds = (lambdaSeconds * memoryMb) / 1024;
  const s3Puts = uploads * 2 + pieceInvocations;
  const s3Gets = uploads * 6 + pieceInvocations * 3;
  const dynamoWrites = uploads * 2 + pieceInvocations;
  const dynamoReads = uploads * READS_PER_UPLOAD;
  const usd =
    (s3Puts / 1000) * PRICES.s3PutPer1000 +
    (s3Gets / 1000) * PRICES.s3GetPer1000 +
    ((uploads + pieceInvocations) / 1e6) * PRICES.lambdaPerMillionRequests +
    lambdaGbSeconds * PRICES.lambdaPerGbSecond +
    (dynamoWrites / 1e6) * PRICES.dynamoWritePerMillion +
    (dynamoReads / 1e6) * PRICES.dynamoReadPerMillion +
    ((uploads * 2_000) / 1e9) * PRICES.logsPerGb;
  return {
    uploads,
    bytes,
    s3Requests: s3Puts + s3Gets,
    lambdaInvocations: uploads + pieceInvocations,
    lambdaGbSeconds: Math.round(lambdaGbSeconds * 100) / 100,
    dynamoRequests: dynamoWrites + dynamoReads,
    otherRequests,
    usd: Math.ceil(usd * 10_000) / 10_000,
  };
}

/** The estimate as the lines printed before asking. */
export function formatCost(estimate: CostEstimate): string {
  return [
    `This run makes about ${estimate.uploads} uploads (${(estimate.bytes / 1_048_576).toFixed(1)} MB),`,
    `  ${estimate.s3Requests} S3 requests, ${estimate.lambdaInvocations} Lambda invocations (${estimate.lambdaGbSeconds} GB-s),`,
    `  ${estimate.dynamoRequests} DynamoDB requests and ${estimate.otherRequests} other API calls.`,
    `  Estimated cost: under $${estimate.usd.toFixed(4)} (list prices, free tier ignored; deployments in A not included).`,
  ].join('\n');
}
