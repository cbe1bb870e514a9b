import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { TargetKind } from '../../constants.js';
import {
  buildIamChecks,
  buildSimulateRequest,
  evaluateCheck,
  iamVerdict,
  notEnforcedReport,
} from '../../iam/iamChecks.js';
import type { IamCheckResult, IamReport } from '../../iam/types.js';
import type { TargetNames } from '../Target.js';
import type { CloudKind } from './openDeployment.js';

/**
 * Experiment H on a deployed target: each check of the function's role through
 * iam:SimulatePrincipalPolicy on AWS; "not enforced" on LocalStack (its free edition allows
 * every call whatever the policy).
 */
export async function checkCloudIam(
  kind: CloudKind,
  clients: { dynamodb: DynamoDBClient; lambda: LambdaClient; iam: IAMClient },
  names: TargetNames,
  region: string,
): Promise<IamReport> {
  const arnOf = (table: string) =>
    clients.dynamodb
      .send(new DescribeTableCommand({ TableName: table }))
      .then((result) => result.Table?.TableArn)
      .catch(() => undefined);
  const tableArn =
    (await arnOf(names.table)) ?? `arn:aws:dynamodb:${region}:000000000000:table/${names.table}`;
  // The account and partition of the table's ARN name the processor and the fan-out table too.
  const [, partition = 'aws', , , account = '000000000000'] = tableArn.split(':');
  const checks = buildIamChecks({
    bucket: names.bucket,
    tableArn,
    fanoutTableArn:
      (await arnOf(names.fanoutTable)) ??
      `arn:${partition}:dynamodb:${region}:${account}:table/${names.fanoutTable}`,
    functionArn: `arn:${partition}:lambda:${region}:${account}:function:${names.functionName}`,
    uploadPrefix: names.uploadPrefix,
    processedPrefix: names.processedPrefix,
    partsPrefix: names.partsPrefix,
  });
  if (kind === TargetKind.localstack) {
    return notEnforcedReport(
      checks,
      'LocalStack (free edition) does not enforce IAM: every call is allowed whatever the policy',
    );
  }
  const config = await clients.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: names.functionName }),
  );
  const roleArn = config.Role ?? null;
  if (!roleArn) {
    return {
      verdict: 'unavailable',
      enforced: true,
      roleArn,
      checks: [],
      note: 'function has no role',
    };
  }
  const results: IamCheckResult[] = [];
  for (const check of checks) {
    try {
      const response = await clients.iam.send(
        new SimulatePrincipalPolicyCommand(buildSimulateRequest(roleArn, check)),
      );
      results.push(
        evaluateCheck(
          check,
          response.EvaluationResults?.find((result) => result.EvalActionName === check.action),
        ),
      );
    } catch (error) {
      results.push({
        ...check,
        decision: 'error',
        detail: `${(error as Error).name}: ${(error as Error).message}`,
        ok: false,
      });
    }
  }
  const verdict = iamVerdict(results);
  const note =
    verdict === 'unavailable'
      ? 'iam:SimulatePrincipalPolicy failed (Learner Lab accounts may not allow it)'
      : `iam:SimulatePrincipalPolicy with ${roleArn}`;
  return { verdict, enforced: true, roleArn, checks: results, note };
}
