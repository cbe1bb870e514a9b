import type { ScaleParameters } from '../constants.js';
import type { Progress } from '../progress.js';
import type { Target } from '../targets/Target.js';
import { type UploadOutcome, uploadAndWait } from '../uploadAndWait.js';

/** What every experiment gets: the target, the scale's parameters, progress and a key prefix. */
export class SuiteContext {
  readonly target: Target;
  readonly params: ScaleParameters;
  readonly progress: Progress;
  readonly runId: string;
  /** Every file name uploaded (under `uploads/`), for the cleanup. */
  readonly created: string[] = [];
  /** Processor versions seen in items. */
  readonly processorVersions = new Set<string>();
  readonly timeoutMs: number;

  constructor(init: {
    target: Target;
    params: ScaleParameters;
    progress: Progress;
    runId: string;
    timeoutMs: number;
  }) {
    this.target = init.target;
    this.params = init.params;
    this.progress = init.progress;
    this.runId = init.runId;
    this.timeoutMs = init.timeoutMs;
  }

  /** `experiments/<run-id>/<experiment>/<name>`: the run prefix every upload carries. */
  fileName(experiment: string, name: string): string {
    return `experiments/${this.runId}/${experiment}/${name}`;
  }

  /** Uploads and waits for the item (recording the name for cleanup). */
  async upload(fileName: string, body: Uint8Array | string): Promise<UploadOutcome> {
    this.created.push(fileName);
    const outcome = await uploadAndWait(this.target, fileName, body, { timeoutMs: this.timeoutMs });
    if (typeof outcome.item.processor_version === 'string') {
      this.processorVersions.add(outcome.item.processor_version);
    }
    return outcome;
  }
}

/** A number field of an item, or null. */
export function itemNumber(item: Record<string, unknown>, field: string): number | null {
  const value = item[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Rounds to 0.001 ms (results stay readable; the precision is far below the noise). */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
