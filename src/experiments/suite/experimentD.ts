import { FAILURE_CASES } from './failureCases.js';
import { round3, type SuiteContext } from './SuiteContext.js';
import type { ExperimentOutput } from './types.js';

function issueCodes(item: Record<string, unknown>): string[] {
  const quality = item.quality_issues as { issues?: Array<{ code?: unknown }> } | undefined;
  return (quality?.issues ?? []).map((issue) => String(issue.code));
}

/** D: failure injection: expected status, error code and quality issue per case. */
export async function experimentD(ctx: SuiteContext): Promise<ExperimentOutput> {
  const step = ctx.progress.step('D failure injection', FAILURE_CASES.length);
  const samples: Array<Record<string, unknown>> = [];
  for (const testCase of FAILURE_CASES) {
    const fileName = ctx.fileName('D', `${testCase.name}.csv`);
    const base = {
      case: testCase.name,
      description: testCase.description,
      expected_status: testCase.expectedStatus,
      expected_error_code: testCase.expectedErrorCode,
      expected_issue: testCase.expectedIssue,
    };
    try {
      const outcome = await ctx.upload(fileName, testCase.body());
      const status = String(outcome.item.status);
      const errorCode =
        typeof outcome.item.error_code === 'string' ? outcome.item.error_code : null;
      const issues = issueCodes(outcome.item);
      const ok =
        status === testCase.expectedStatus &&
        errorCode === testCase.expectedErrorCode &&
        (testCase.expectedIssue === null || issues.includes(testCase.expectedIssue));
      samples.push({
        ...base,
        status,
        error_code: errorCode,
        issues,
        ok,
        visible_ms: round3(outcome.visibleMs),
      });
    } catch (error) {
      samples.push({
        ...base,
        status: 'timeout',
        error_code: null,
        issues: [],
        ok: false,
        visible_ms: null,
        error: (error as Error).message,
      });
    }
    step.tick(testCase.name);
  }
  step.done();
  const matched = samples.filter((sample) => sample.ok).length;
  return {
    samples,
    summary: { cases: samples.length, matched, all_matched: matched === samples.length },
    notes: ['every case must end in exactly one terminal item with the expected status'],
  };
}
