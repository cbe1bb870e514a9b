/** Whether the role should be able to do something. */
export type IamExpectation = 'allowed' | 'denied';

/** What the target said about one check. */
export type IamDecision = 'allowed' | 'denied' | 'not_enforced' | 'error';

/** One action on one resource, with the expected decision. */
export interface IamCheck {
  name: string;
  action: string;
  resource: string;
  expected: IamExpectation;
}

/** One evaluated check. */
export interface IamCheckResult extends IamCheck {
  decision: IamDecision;
  /** The raw decision from IAM (`allowed`, `explicitDeny`, `implicitDeny`) or an error text. */
  detail: string;
  ok: boolean;
}

/** Overall verdict: `not_enforced` is never a pass. */
export type IamVerdict = 'pass' | 'fail' | 'not_enforced' | 'unavailable';

/** The result of experiment H. */
export interface IamReport {
  verdict: IamVerdict;
  enforced: boolean;
  roleArn: string | null;
  checks: IamCheckResult[];
  note: string;
}
