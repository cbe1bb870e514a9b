import { describe, expect, it } from 'vitest';
import { AwsRuleErrorCode } from '../../src/aws/errors.js';
import {
  type AwsCall,
  IAM_ACTION_TABLE,
  lambdaRoleActions,
  requiredActions,
  resourceArnOf,
} from '../../src/aws/iamActions.js';

const OBJECT = { Bucket: 'b', Key: 'uploads/a.csv' };
const CONTEXT = { region: 'us-east-1', accountId: '123456789012' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('requiredActions', () => {
  // The pairs issue 11 names, each from the reference the table cites.
  it.each<[string, AwsCall, string[]]>([
    [
      'GetObject without VersionId',
      { service: 's3', operation: 'GetObject', input: OBJECT },
      ['s3:GetObject'],
    ],
    [
      'GetObject with VersionId (s3:GetObject not required)',
      { service: 's3', operation: 'GetObject', input: { ...OBJECT, VersionId: 'v1' } },
      ['s3:GetObjectVersion'],
    ],
    [
      'PutObject of a JSON body',
      {
        service: 's3',
        operation: 'PutObject',
        input: { ...OBJECT, Body: '{}', ContentType: 'application/json' },
      },
      ['s3:PutObject'],
    ],
    [
      'PutObject with Tagging',
      { service: 's3', operation: 'PutObject', input: { ...OBJECT, Tagging: 'a=b' } },
      ['s3:PutObject', 's3:PutObjectTagging'],
    ],
    [
      'PutObject with a canned ACL',
      { service: 's3', operation: 'PutObject', input: { ...OBJECT, ACL: 'private' } },
      ['s3:PutObject', 's3:PutObjectAcl'],
    ],
    [
      'PutObject with a grant, tags and an ACL',
      {
        service: 's3',
        operation: 'PutObject',
        input: { ...OBJECT, GrantRead: 'id=x', ACL: 'private', Tagging: 'a=b' },
      },
      ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging'],
    ],
    [
      'PutItem with a ConditionExpression (nothing more)',
      {
        service: 'dynamodb',
        operation: 'PutItem',
        input: {
          TableName: 't',
          Item: {},
          ConditionExpression: 'attribute_not_exists(file_name) OR order_key <= :k',
          ExpressionAttributeValues: { ':k': { S: 'x' } },
          ExpressionAttributeNames: { '#status': 'status' },
        },
      },
      ['dynamodb:PutItem'],
    ],
    [
      'conditional UpdateItem returning the new item (nothing more)',
      {
        service: 'dynamodb',
        operation: 'UpdateItem',
        input: {
          TableName: 't',
          Key: {},
          UpdateExpression: 'ADD done :i',
          ConditionExpression: 'NOT contains(done, :index)',
          ExpressionAttributeValues: { ':i': { NS: ['1'] } },
          ReturnValues: 'ALL_NEW',
        },
      },
      ['dynamodb:UpdateItem'],
    ],
    [
      'GetObject of a byte range with If-Match',
      {
        service: 's3',
        operation: 'GetObject',
        input: { ...OBJECT, Range: 'bytes=0-9', IfMatch: '"e"' },
      },
      ['s3:GetObject'],
    ],
    [
      'Invoke, asynchronously',
      {
        service: 'lambda',
        operation: 'Invoke',
        input: { FunctionName: 'f', InvocationType: 'Event', Payload: '{}' },
      },
      ['lambda:InvokeFunction'],
    ],
    [
      'SendMessage',
      {
        service: 'sqs',
        operation: 'SendMessage',
        input: {
          QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
          MessageBody: '{}',
        },
      },
      ['sqs:SendMessage'],
    ],
  ])('returns the actions of %s', (_name, call, actions) => {
    // Act
    const result = requiredActions(call);

    // Assess
    expect(result).toEqual(actions);
  });

  it('ignores parameters that are present but undefined (not sent)', () => {
    // Act
    const result = requiredActions({
      service: 's3',
      operation: 'GetObject',
      input: { ...OBJECT, VersionId: undefined },
    });

    // Assess
    expect(result).toEqual(['s3:GetObject']);
  });

  it('refuses an operation the table does not have, with UNMODELLED_OPERATION', () => {
    // Act
    const code = codeOf(() =>
      requiredActions({ service: 's3', operation: 'DeleteObject', input: OBJECT }),
    );

    // Assess
    expect(code).toBe(AwsRuleErrorCode.UNMODELLED_OPERATION);
  });

  it('refuses a parameter whose IAM effect is not stated, with UNMODELLED_PARAMETER', () => {
    // Act: SSE-KMS needs KMS actions the table deliberately does not model
    const code = codeOf(() =>
      requiredActions({
        service: 's3',
        operation: 'PutObject',
        input: { ...OBJECT, SSEKMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' },
      }),
    );

    // Assess
    expect(code).toBe(AwsRuleErrorCode.UNMODELLED_PARAMETER);
  });

  it('cites a reference and names only actions of its own service in every row', () => {
    for (const [service, operations] of Object.entries(IAM_ACTION_TABLE)) {
      for (const [operation, rule] of Object.entries(operations)) {
        // Act
        const actions = [
          ...rule.actions,
          ...Object.values(rule.parameters).flatMap((e) => (e.kind === 'none' ? [] : e.actions)),
        ];

        // Assess
        expect(rule.reference, `${service}:${operation}`).toMatch(
          /^https:\/\/docs\.aws\.amazon\.com\//,
        );
        for (const action of actions) expect(action).toMatch(new RegExp(`^${service}:[A-Z]\\w+$`));
      }
    }
  });
});

describe('resourceArnOf', () => {
  it.each<[AwsCall, string]>([
    [{ service: 's3', operation: 'GetObject', input: OBJECT }, 'arn:aws:s3:::b/uploads/a.csv'],
    [
      { service: 'dynamodb', operation: 'PutItem', input: { TableName: 'files', Item: {} } },
      'arn:aws:dynamodb:us-east-1:123456789012:table/files',
    ],
    [
      {
        service: 'sqs',
        operation: 'SendMessage',
        input: { QueueUrl: 'http://localhost:4566/000000000000/failures', MessageBody: '' },
      },
      'arn:aws:sqs:us-east-1:000000000000:failures',
    ],
    [
      {
        service: 'logs',
        operation: 'PutLogEvents',
        input: { logGroupName: '/aws/lambda/f', logStreamName: 's' },
      },
      'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:s',
    ],
    [
      { service: 'lambda', operation: 'Invoke', input: { FunctionName: 'p' } },
      'arn:aws:lambda:us-east-1:123456789012:function:p',
    ],
    [
      {
        service: 'lambda',
        operation: 'Invoke',
        input: { FunctionName: 'arn:aws:lambda:us-west-2:210987654321:function:p' },
      },
      'arn:aws:lambda:us-west-2:210987654321:function:p',
    ],
    [
      {
        service: 'lambda',
        operation: 'Invoke',
        input: { FunctionName: '210987654321:function:p' },
      },
      'arn:aws:lambda:us-east-1:210987654321:function:p',
    ],
  ])('returns the ARN the call is authorized on (%#)', (call, arn) => {
    expect(resourceArnOf(call, CONTEXT)).toBe(arn);
  });

  it('refuses a call without the parameter its resource is named by, with INVALID_RESOURCE', () => {
    // Act
    const code = codeOf(() =>
      resourceArnOf({ service: 's3', operation: 'GetObject', input: { Bucket: 'b' } }, CONTEXT),
    );

    // Assess
    expect(code).toBe(AwsRuleErrorCode.INVALID_RESOURCE);
  });
});

describe('lambdaRoleActions', () => {
  it.each([
    ['logs', ['logs:CreateLogStream', 'logs:PutLogEvents']],
    ['asyncOnFailureSqs', ['sqs:SendMessage']],
    ['sqsEventSource', ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage']],
  ] as const)(
    'returns the actions Lambda uses the execution role for: %s',
    (integration, actions) => {
      expect(lambdaRoleActions(integration)).toEqual(actions);
    },
  );
});
