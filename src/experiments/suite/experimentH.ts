import type { SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

/** H: IAM fidelity: what the function's role allows and denies; `not_enforced` is never a pass. */
export async function experimentH(ctx: SuiteContext): Promise<ExperimentOutput> {
  const step = ctx.progress.step('H IAM fidelity', 1);
  const report = await ctx.target.checkIam();
  step.tick();
  step.done(report.verdict);
  return {
    samples: report.checks.map((check) => ({ ...check })),
    summary: {
      verdict: report.verdict,
      enforced: report.enforced,
      role_arn: report.roleArn,
      allowed_ok: report.checks.filter((c) => c.expected === 'allowed' && c.ok).length,
      denied_ok: report.checks.filter((c) => c.expected === 'denied' && c.ok).length,
      checks: report.checks.length,
    },
    notes: [report.note],
  };
}
