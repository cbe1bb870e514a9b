/** Lambda's `START` platform line. */
export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

/** Lambda's `END` platform line. */
export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

/** Lambda's `REPORT` platform line (Init Duration only on a cold start). */
export function reportLine(input: {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number | undefined;
  status?: string | undefined;
}): string {
  const parts = [
    `REPORT RequestId: ${input.requestId}`,
    `Duration: ${input.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${input.billedDurationMs} ms`,
    `Memory Size: ${input.memorySizeMb} MB`,
    `Max Memory Used: ${input.maxMemoryUsedMb} MB`,
  ];
  if (input.initDurationMs !== undefined) {
    parts.push(`Init Duration: ${input.initDurationMs.toFixed(2)} ms`);
  }
  if (input.status) parts.push(`Status: ${input.status}`);
  return parts.join('\t');
}
