import type { InvocationReport } from '../targets/Target.js';

const NUMBER = '([0-9]+(?:\\.[0-9]+)?)';
const FIELDS = {
  durationMs: new RegExp(`\\bDuration: ${NUMBER} ms`),
  billedDurationMs: new RegExp(`Billed Duration: ${NUMBER} ms`),
  memorySizeMb: new RegExp(`Memory Size: ${NUMBER} MB`),
  maxMemoryUsedMb: new RegExp(`Max Memory Used: ${NUMBER} MB`),
  initDurationMs: new RegExp(`Init Duration: ${NUMBER} ms`),
} as const;

/**
 * Parses a Lambda `REPORT RequestId: ...` platform line (AWS, LocalStack and the local runtime
 * print the same format); undefined for any other line.
 */
export function parseReportLine(message: string, timestamp: number): InvocationReport | undefined {
  const start = message.indexOf('REPORT RequestId: ');
  if (start === -1) return undefined;
  const line = message.slice(start);
  const requestId = /^REPORT RequestId: (\S+)/.exec(line)?.[1];
  const duration = FIELDS.durationMs.exec(line)?.[1];
  if (requestId === undefined || duration === undefined) return undefined;
  const number = (pattern: RegExp): number | null => {
    const match = pattern.exec(line)?.[1];
    return match === undefined ? null : Number(match);
  };
  return {
    requestId,
    timestamp,
    durationMs: Number(duration),
    billedDurationMs: number(FIELDS.billedDurationMs) ?? 0,
    memorySizeMb: number(FIELDS.memorySizeMb) ?? 0,
    maxMemoryUsedMb: number(FIELDS.maxMemoryUsedMb) ?? 0,
    initDurationMs: number(FIELDS.initDurationMs),
    status: /\bStatus: (\w+)/.exec(line)?.[1] ?? null,
  };
}
