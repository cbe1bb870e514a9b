import { codeTable } from '../shared/errorCodes.js';
import { CodedError, type CodedErrorOptions } from '../shared/errors.js';

/** Codes of the errors of the AWS rule tables, `src/aws/` (meanings: src/shared/errorCodes.ts). */
export const AwsRuleErrorCode = codeTable(
  /** The operation has no row in the action table: add it, with its reference. */
  'UNMODELLED_OPERATION',
  /** A request parameter whose IAM effect the table does not state: add it, with its reference. */
  'UNMODELLED_PARAMETER',
  /** The request lacks what its resource ARN is built from (bucket, key, table, queue URL). */
  'INVALID_RESOURCE',
  /** `src/aws/keyRules.json` breaks one of its own rules. */
  'INVALID_KEY_RULES',
);

export type AwsRuleErrorCode = (typeof AwsRuleErrorCode)[keyof typeof AwsRuleErrorCode];

/** Base class of the errors of the AWS rule tables; the message names the operation or rule. */
export class AwsRuleError extends CodedError<AwsRuleErrorCode> {
  constructor(code: AwsRuleErrorCode, message: string, options?: CodedErrorOptions) {
    super(code, message, options);
    this.name = 'AwsRuleError';
  }
}

/** An operation or one of its parameters is not in the action table. */
export class UnmodelledCallError extends AwsRuleError {
  constructor(
    code:
      | typeof AwsRuleErrorCode.UNMODELLED_OPERATION
      | typeof AwsRuleErrorCode.UNMODELLED_PARAMETER,
    message: string,
  ) {
    super(code, message);
    this.name = 'UnmodelledCallError';
  }
}
