import { LOCAL_DEFAULTS } from '../local/constants.js';

/**
 * Settings of the local dashboard. This file owns where it listens (loopback only, the S3 port
 * + 2 unless told) and how much it keeps in memory.
 */
export const DASHBOARD_DEFAULTS = {
  /** Loopback only: the dashboard can upload and replay, so nothing off this machine may reach it. */
  host: '127.0.0.1',
  /** Its port is the S3 port plus this (4568 + 2 = 4570; DynamoDB has 4569). */
  portOffset: 2,
  /** Upload rows kept and shown, newest first. */
  maxRows: 500,
  /** On-failure records shown, newest first. */
  maxFailures: 200,
  /** Width of one bar of the metric charts. */
  bucketMs: 2_000,
  /** Bars per chart: 90 x 2 s = the last 3 minutes. */
  buckets: 90,
  /** Requests whose log lines are kept in memory (older ones are looked up in the log files). */
  logRequests: 2_000,
  /** Characters of log lines kept in memory in all; the oldest requests go first beyond it. */
  logChars: 16 * 1024 * 1024,
  /** Log lines kept per request, and characters per line. */
  linesPerRequest: 400,
  lineChars: 8_192,
} as const;

/** The dashboard's port for a stack whose S3 listens on `s3Port`: `s3Port + 2`, or 0 (any) for 0. */
export const dashboardPortFor = (s3Port: number): number =>
  s3Port === 0 ? 0 : s3Port + DASHBOARD_DEFAULTS.portOffset;

/** The default port, as `--help` states it. */
export const DEFAULT_DASHBOARD_PORT = dashboardPortFor(LOCAL_DEFAULTS.port);

/** The request header that carries the page's per-process token on state-changing requests. */
export const TOKEN_HEADER = 'x-dashboard-token';
