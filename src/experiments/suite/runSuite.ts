import { readFileSync } from 'node:fs';
import { arch, availableParallelism, platform } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../shared/repoRoot.js';
import {
  EXPERIMENT_TITLES,
  type ExperimentId,
  RESULTS_VERSION,
  SCALE_PARAMETERS,
  type Scale,
} from '../constants.js';
import { newRunId } from '../csv.js';
import { type Progress, silentProgress } from '../progress.js';
import type { ExperimentResult, Results } from '../results/types.js';
import type { Target } from '../targets/Target.js';
import { cleanupUploads } from '../uploadAndWait.js';
import { experimentA } from './experimentA.js';
import { experimentB } from './experimentB.js';
import { experimentC } from './experimentC.js';
import { experimentD } from './experimentD.js';
import { experimentF } from './experimentF.js';
import { experimentG } from './experimentG.js';
import { experimentH } from './experimentH.js';
import { experimentI } from './experimentI.js';
import { SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

const RUNNERS: Record<ExperimentId, (ctx: SuiteContext) => Promise<ExperimentOutput>> = {
  A: experimentA,
  B: experimentB,
  C: experimentC,
  D: experimentD,
  F: experimentF,
  G: experimentG,
  H: experimentH,
  I: experimentI,
};

/** A runs last: on the cloud targets it redeploys the stack. */
const ORDER: readonly ExperimentId[] = ['H', 'B', 'C', 'D', 'F', 'G', 'I', 'A'];

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  experiments: readonly ExperimentId[];
  scale: Scale;
  safe?: boolean;
  progress?: Progress;
  runId?: string;
  /** Per-upload timeout (default 60 s quick, 300 s full). */
  timeoutMs?: number;
}

function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the chosen experiments on a target and returns the results (environment metadata,
 * every raw sample, summaries); everything uploaded is removed afterwards.
 */
export async function runSuite(target: Target, options: SuiteOptions): Promise<Results> {
  const startedAt = new Date();
  const runId = options.runId ?? newRunId(startedAt);
  const progress = options.progress ?? silentProgress;
  const ctx = new SuiteContext({
    target,
    params: SCALE_PARAMETERS[options.scale],
    progress,
    runId,
    timeoutMs: options.timeoutMs ?? (options.scale === 'full' ? 300_000 : 60_000),
  });
  const metadata = await target.describe();
  const experiments: Results['experiments'] = {};
  try {
    for (const id of ORDER.filter((candidate) => options.experiments.includes(candidate))) {
      const started = new Date();
      const clock = performance.now();
      let result: ExperimentResult;
      try {
        const output = await RUNNERS[id](ctx);
        result = {
          id,
          title: EXPERIMENT_TITLES[id],
          status: 'completed',
          started_at: started.toISOString(),
          duration_ms: Math.round(performance.now() - clock),
          error: null,
          ...output,
        };
      } catch (error) {
        progress.line(`${id} failed: ${(error as Error).message}`);
        result = {
          id,
          title: EXPERIMENT_TITLES[id],
          status: 'failed',
          started_at: started.toISOString(),
          duration_ms: Math.round(performance.now() - clock),
          error: (error as Error).message,
          notes: [],
          summary: {},
          samples: [],
        };
      }
      experiments[id] = result;
    }
  } finally {
    if (ctx.created.length > 0) {
      await cleanupUploads(target, ctx.created).catch((error: Error) =>
        progress.line(`cleanup of ${ctx.created.length} uploads failed: ${error.message}`),
      );
    }
  }
  return {
    results_version: RESULTS_VERSION,
    environment: {
      ...metadata,
      run_id: runId,
      scale: options.scale,
      safe: options.safe === true,
      experiments: [...options.experiments],
      started_at: startedAt.toISOString(),
      finished_at: new Date().toISOString(),
      tool_version: toolVersion(),
      node_version: process.version,
      platform: platform(),
      arch: arch(),
      cpus: availableParallelism(),
      processor_version: [...ctx.processorVersions][0] ?? null,
    },
    experiments,
  };
}
