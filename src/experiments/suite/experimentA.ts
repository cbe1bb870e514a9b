import { describe } from '../stats.js';
import { round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** A: repeated clean deployments, timed per phase (local: stack start and resource creation). */
export async function experimentA(ctx: SuiteContext): Promise<ExperimentOutput> {
  const runs = ctx.params.deployRuns;
  const step = ctx.progress.step('A deployment speed', runs);
  const samples: Array<Record<string, unknown>> = [];
  for (let run = 1; run <= runs; run += 1) {
    const phases = await ctx.target.deployCycle();
    const rounded = Object.fromEntries(
      Object.entries(phases).map(([name, value]) => [name, round3(value)]),
    );
    const total = Object.values(phases).reduce((sum, value) => sum + value, 0);
    samples.push({ run, total_ms: round3(total), phases: rounded });
    step.tick();
  }
  step.done();
  const phaseNames = Object.keys((samples[0]?.phases as Record<string, number>) ?? {});
  return {
    samples,
    summary: {
      total_ms: describe(samples.map((sample) => sample.total_ms as number)),
      phases: Object.fromEntries(
        phaseNames.map((name) => [
          name,
          describe(samples.map((sample) => (sample.phases as Record<string, number>)[name] ?? 0)),
        ]),
      ),
    },
    notes:
      ctx.target.kind === 'local'
        ? ['local: start of emulators, bucket, table and functions in a fresh data directory']
        : ['terraform destroy then apply (auto-approved)'],
  };
}
