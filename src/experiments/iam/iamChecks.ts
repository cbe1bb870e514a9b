import type { EvaluationResult, SimulatePrincipalPolicyCommandInput } from '@aws-sdk/client-iam';
import type { IamCheck, IamCheckResult, IamReport } from './types.js';

/** What the checks are about. */
export interface IamSubject {
  bucket: string;
  tableArn: string;
  uploadPrefix: string;
  processedPrefix: string;
  /** A bucket the function has no business with. */
  otherBucket?: string;
}

/**
 * The checks of experiment H: what the processor needs is allowed (read `uploads/`, write
 * `processed/`, put items), and everything else is denied (read `processed/`, write
 * `uploads/`, delete items, another bucket).
 */
export function buildIamChecks(subject: IamSubject): IamCheck[] {
  const object = (prefix: string, name: string) =>
    `arn:aws:s3:::${subject.bucket}/${prefix}iam-check/${name}`;
  const other = subject.otherBucket ?? `${subject.bucket}-other`;
  return [
    {
      name: 'read uploads/',
      action: 's3:GetObject',
      resource: object(subject.uploadPrefix, 'a.csv'),
      expected: 'allowed',
    },
    {
      name: 'write processed/',
      action: 's3:PutObject',
      resource: object(subject.processedPrefix, 'a_summary.json'),
      expected: 'allowed',
    },
    {
      name: 'put item',
      action: 'dynamodb:PutItem',
      resource: subject.tableArn,
      expected: 'allowed',
    },
    {
      name: 'read processed/',
      action: 's3:GetObject',
      resource: object(subject.processedPrefix, 'a_summary.json'),
      expected: 'denied',
    },
    {
      name: 'write uploads/',
      action: 's3:PutObject',
      resource: object(subject.uploadPrefix, 'a.csv'),
      expected: 'denied',
    },
    {
      name: 'delete item',
      action: 'dynamodb:DeleteItem',
      resource: subject.tableArn,
      expected: 'denied',
    },
    {
      name: 'read another bucket',
      action: 's3:GetObject',
      resource: `arn:aws:s3:::${other}/a.csv`,
      expected: 'denied',
    },
    {
      name: 'write another bucket',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${other}/a.csv`,
      expected: 'denied',
    },
  ];
}

/** The `iam:SimulatePrincipalPolicy` request of one check, for the function's role. */
export function buildSimulateRequest(
  roleArn: string,
  check: IamCheck,
): SimulatePrincipalPolicyCommandInput {
  return { PolicySourceArn: roleArn, ActionNames: [check.action], ResourceArns: [check.resource] };
}

/** Evaluates one check from the simulation's result for its action. */
export function evaluateCheck(
  check: IamCheck,
  result: EvaluationResult | undefined,
): IamCheckResult {
  const raw = result?.EvalDecision ?? 'missing';
  const decision = raw === 'allowed' ? 'allowed' : raw === 'missing' ? 'error' : 'denied';
  return { ...check, decision, detail: raw, ok: decision === check.expected };
}

/** The report of a target that does not enforce IAM: every check `not_enforced`, never a pass. */
export function notEnforcedReport(checks: readonly IamCheck[], note: string): IamReport {
  return {
    verdict: 'not_enforced',
    enforced: false,
    roleArn: null,
    checks: checks.map((check) => ({
      ...check,
      decision: 'not_enforced',
      detail: 'not enforced',
      ok: false,
    })),
    note,
  };
}

/** The overall verdict of evaluated checks. */
export function iamVerdict(results: readonly IamCheckResult[]): IamReport['verdict'] {
  if (results.some((result) => result.decision === 'error')) return 'unavailable';
  return results.every((result) => result.ok) ? 'pass' : 'fail';
}
