// The IAM actions an AWS API call needs, by operation AND by the parameters it sends. This file
// owns that rule for the whole project: Terraform's policies (terraform/modules/iam), the IAM
// tests (test/terraform/iam.test.ts) and experiment H (src/experiments/iam) all derive from it.
// Pure data and functions, no I/O.
//
// Sources (read when this table was written; cite the row's own reference when adding one):
// - Service Authorization Reference, "Actions defined by ..." tables:
//   S3        https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
//   DynamoDB  https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
//   SQS       https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
//   Logs      https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
//   Lambda    https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
// - The S3 API reference, whose "Permissions" sections say which parameters need more actions:
//   GetObject https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
//   PutObject https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
import { AwsRuleError, AwsRuleErrorCode, UnmodelledCallError } from './errors.js';

/** IAM service prefixes the table covers. */
export const IamService = {
  s3: 's3',
  dynamodb: 'dynamodb',
  sqs: 'sqs',
  logs: 'logs',
  lambda: 'lambda',
} as const;
export type IamService = (typeof IamService)[keyof typeof IamService];

/** The resource type an operation is authorized on (the table's "Resource types" column). */
export type ResourceType =
  | 's3-object'
  | 'dynamodb-table'
  | 'sqs-queue'
  | 'logs-log-stream'
  | 'lambda-function';

/** What sending a parameter does to the operation's actions. */
export type ParameterEffect =
  /** Needs nothing beyond the operation's actions. */
  | { readonly kind: 'none' }
  /** Needs these actions too. */
  | { readonly kind: 'add'; readonly actions: readonly string[] }
  /** Needs these actions instead of the operation's own. */
  | { readonly kind: 'replace'; readonly actions: readonly string[] };

/** One row: the actions of an operation, its resource type, and its parameters' effects. */
export interface OperationRule {
  readonly actions: readonly string[];
  readonly resource: ResourceType;
  /** Every parameter the table knows; any other parameter is refused (UNMODELLED_PARAMETER). */
  readonly parameters: Readonly<Record<string, ParameterEffect>>;
  /** Where the row comes from. */
  readonly reference: string;
}

const NONE: ParameterEffect = { kind: 'none' };
const none = (...names: string[]): Record<string, ParameterEffect> =>
  Object.fromEntries(names.map((name) => [name, NONE]));

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';

/** The action table, per IAM service prefix and API operation name. */
export const IAM_ACTION_TABLE: Readonly<
  Record<IamService, Readonly<Record<string, OperationRule>>>
> = {
  s3: {
    // API_GetObject, Permissions: "If you include a versionId in your request header, you must
    // have the s3:GetObjectVersion permission ... The s3:GetObject permission is not required in
    // this scenario." Without versionId only s3:GetObject is required.
    GetObject: {
      actions: ['s3:GetObject'],
      resource: 's3-object',
      parameters: {
        ...none(
          'Bucket',
          'Key',
          'Range',
          'IfMatch',
          'IfNoneMatch',
          'IfModifiedSince',
          'IfUnmodifiedSince',
          'PartNumber',
          'ChecksumMode',
          'ExpectedBucketOwner',
        ),
        VersionId: { kind: 'replace', actions: ['s3:GetObjectVersion'] },
      },
      reference: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html',
    },
    // API_PutObject, Permissions (general purpose buckets): always s3:PutObject; s3:PutObjectAcl
    // to set the object's ACL; s3:PutObjectTagging to set its tag-set. (SSE-KMS parameters need
    // KMS actions and are deliberately not listed: the bucket uses SSE-S3.)
    PutObject: {
      actions: ['s3:PutObject'],
      resource: 's3-object',
      parameters: {
        ...none(
          'Bucket',
          'Key',
          'Body',
          'ContentType',
          'ContentLength',
          'ContentMD5',
          'ContentEncoding',
          'ContentDisposition',
          'ContentLanguage',
          'CacheControl',
          'Expires',
          'Metadata',
          'ChecksumAlgorithm',
          'IfMatch',
          'IfNoneMatch',
          'ExpectedBucketOwner',
        ),
        Tagging: { kind: 'add', actions: ['s3:PutObjectTagging'] },
        ACL: { kind: 'add', actions: ['s3:PutObjectAcl'] },
        GrantFullControl: { kind: 'add', actions: ['s3:PutObjectAcl'] },
        GrantRead: { kind: 'add', actions: ['s3:PutObjectAcl'] },
        GrantReadACP: { kind: 'add', actions: ['s3:PutObjectAcl'] },
        GrantWriteACP: { kind: 'add', actions: ['s3:PutObjectAcl'] },
      },
      reference: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html',
    },
  },
  dynamodb: {
    // SAR, DynamoDB, PutItem: action dynamodb:PutItem on table*, no dependent actions. A condition
    // expression or ReturnValues only feeds condition keys (dynamodb:Attributes,
    // dynamodb:ReturnValues, ...); it needs no other action.
    PutItem: {
      actions: ['dynamodb:PutItem'],
      resource: 'dynamodb-table',
      parameters: none(
        'TableName',
        'Item',
        'ConditionExpression',
        'ExpressionAttributeNames',
        'ExpressionAttributeValues',
        'ReturnValues',
        'ReturnConsumedCapacity',
        'ReturnItemCollectionMetrics',
      ),
      reference: `${SAR}/list_amazondynamodb.html`,
    },
    // SAR, DynamoDB, UpdateItem: action dynamodb:UpdateItem on table*, no dependent actions. As
    // with PutItem, the update and condition expressions and ReturnValues (also the values
    // returned when the condition fails) only feed condition keys.
    UpdateItem: {
      actions: ['dynamodb:UpdateItem'],
      resource: 'dynamodb-table',
      parameters: none(
        'TableName',
        'Key',
        'UpdateExpression',
        'ConditionExpression',
        'ExpressionAttributeNames',
        'ExpressionAttributeValues',
        'ReturnValues',
        'ReturnValuesOnConditionCheckFailure',
        'ReturnConsumedCapacity',
        'ReturnItemCollectionMetrics',
      ),
      reference: `${SAR}/list_amazondynamodb.html`,
    },
    // SAR, DynamoDB, GetItem: dynamodb:GetItem on table*, no dependent actions.
    GetItem: {
      actions: ['dynamodb:GetItem'],
      resource: 'dynamodb-table',
      parameters: none(
        'TableName',
        'Key',
        'ConsistentRead',
        'ProjectionExpression',
        'ExpressionAttributeNames',
        'ReturnConsumedCapacity',
      ),
      reference: `${SAR}/list_amazondynamodb.html`,
    },
  },
  sqs: {
    // SAR, SQS: each operation is authorized by the action of the same name on queue*.
    SendMessage: {
      actions: ['sqs:SendMessage'],
      resource: 'sqs-queue',
      parameters: none(
        'QueueUrl',
        'MessageBody',
        'DelaySeconds',
        'MessageAttributes',
        'MessageSystemAttributes',
        'MessageDeduplicationId',
        'MessageGroupId',
      ),
      reference: `${SAR}/list_amazonsqs.html`,
    },
    ReceiveMessage: {
      actions: ['sqs:ReceiveMessage'],
      resource: 'sqs-queue',
      parameters: none(
        'QueueUrl',
        'AttributeNames',
        'MessageSystemAttributeNames',
        'MessageAttributeNames',
        'MaxNumberOfMessages',
        'VisibilityTimeout',
        'WaitTimeSeconds',
        'ReceiveRequestAttemptId',
      ),
      reference: `${SAR}/list_amazonsqs.html`,
    },
    DeleteMessage: {
      actions: ['sqs:DeleteMessage'],
      resource: 'sqs-queue',
      parameters: none('QueueUrl', 'ReceiptHandle'),
      reference: `${SAR}/list_amazonsqs.html`,
    },
    GetQueueAttributes: {
      actions: ['sqs:GetQueueAttributes'],
      resource: 'sqs-queue',
      parameters: none('QueueUrl', 'AttributeNames'),
      reference: `${SAR}/list_amazonsqs.html`,
    },
  },
  lambda: {
    // SAR, AWS Lambda: the API operation Invoke is authorized by the action lambda:InvokeFunction
    // on function* (of every invocation type; DryRun checks exactly this permission,
    // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). A Qualifier names a version
    // or alias, whose ARN a policy on the unqualified function does not match: not modelled.
    Invoke: {
      actions: ['lambda:InvokeFunction'],
      resource: 'lambda-function',
      parameters: none('FunctionName', 'InvocationType', 'Payload', 'LogType', 'ClientContext'),
      reference: `${SAR}/list_awslambda.html`,
    },
  },
  logs: {
    // SAR, CloudWatch Logs: CreateLogStream and PutLogEvents; the Lambda developer guide scopes
    // both to "arn:aws:logs:<region>:<account>:log-group:/aws/lambda/<function>:*".
    CreateLogStream: {
      actions: ['logs:CreateLogStream'],
      resource: 'logs-log-stream',
      parameters: none('logGroupName', 'logStreamName'),
      reference: `${SAR}/list_amazoncloudwatchlogs.html`,
    },
    PutLogEvents: {
      actions: ['logs:PutLogEvents'],
      resource: 'logs-log-stream',
      parameters: none('logGroupName', 'logStreamName', 'logEvents', 'sequenceToken', 'entity'),
      reference: `${SAR}/list_amazoncloudwatchlogs.html`,
    },
  },
};

/** One API call: the IAM service prefix, the operation name and the request parameters. */
export interface AwsCall {
  readonly service: IamService;
  /** The API operation (`GetObject`), not the SDK class name (`GetObjectCommand`). */
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

function ruleOf(call: AwsCall): OperationRule {
  const rule = IAM_ACTION_TABLE[call.service]?.[call.operation];
  if (rule === undefined) {
    throw new UnmodelledCallError(
      AwsRuleErrorCode.UNMODELLED_OPERATION,
      `${call.service}:${call.operation} is not in the IAM action table (src/aws/iamActions.ts); add its row from the Service Authorization Reference`,
    );
  }
  return rule;
}

/**
 * The IAM actions a call needs, sorted: the operation's actions, changed by each parameter it
 * sends (parameters that are `undefined` are not sent). Throws UNMODELLED_OPERATION or
 * UNMODELLED_PARAMETER for anything the table does not state.
 *
 * @example requiredActions({ service: 's3', operation: 'GetObject', input: { Bucket, Key, VersionId } })
 *   // ['s3:GetObjectVersion']
 */
export function requiredActions(call: AwsCall): string[] {
  const rule = ruleOf(call);
  let base: readonly string[] = rule.actions;
  const added = new Set<string>();
  for (const [name, value] of Object.entries(call.input)) {
    if (value === undefined) continue;
    const effect = rule.parameters[name];
    if (effect === undefined) {
      throw new UnmodelledCallError(
        AwsRuleErrorCode.UNMODELLED_PARAMETER,
        `${call.service}:${call.operation} parameter ${name} is not in the IAM action table (src/aws/iamActions.ts); state which actions it needs (${rule.reference})`,
      );
    }
    if (effect.kind === 'replace') base = effect.actions;
    else if (effect.kind === 'add') for (const action of effect.actions) added.add(action);
  }
  return [...new Set([...base, ...added])].sort();
}

/** Where the resource ARNs of calls are built: partition, region and account. */
export interface ArnContext {
  readonly partition?: string;
  readonly region: string;
  readonly accountId: string;
}

function requiredString(call: AwsCall, name: string): string {
  const value = call.input[name];
  if (typeof value !== 'string' || value === '') {
    throw new AwsRuleError(
      AwsRuleErrorCode.INVALID_RESOURCE,
      `${call.service}:${call.operation} needs a non-empty ${name} to name its resource`,
    );
  }
  return value;
}

/**
 * The ARN of the resource a call is authorized on, as the Service Authorization Reference
 * spells the resource type: `arn:aws:s3:::<bucket>/<key>`,
 * `arn:aws:dynamodb:<region>:<account>:table/<name>`, `arn:aws:sqs:<region>:<account>:<name>`,
 * `arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<stream>`.
 */
export function resourceArnOf(call: AwsCall, context: ArnContext): string {
  const partition = context.partition ?? 'aws';
  const rule = ruleOf(call);
  switch (rule.resource) {
    case 's3-object':
      return `arn:${partition}:s3:::${requiredString(call, 'Bucket')}/${requiredString(call, 'Key')}`;
    case 'dynamodb-table': {
      const table = requiredString(call, 'TableName');
      return table.startsWith('arn:')
        ? table
        : `arn:${partition}:dynamodb:${context.region}:${context.accountId}:table/${table}`;
    }
    case 'sqs-queue': {
      // https://sqs.<region>.amazonaws.com/<account>/<name> (or an endpoint URL with that path)
      const url = requiredString(call, 'QueueUrl');
      const match = /^https?:\/\/[^/]+\/(\d{12})\/([\w-]+(?:\.fifo)?)$/.exec(url);
      if (match === null) {
        throw new AwsRuleError(
          AwsRuleErrorCode.INVALID_RESOURCE,
          `sqs:${call.operation} QueueUrl ${url} is not <endpoint>/<account>/<queue>`,
        );
      }
      return `arn:${partition}:sqs:${context.region}:${match[1]}:${match[2]}`;
    }
    case 'lambda-function': {
      // A name, a full ARN or a partial ARN (<account>:function:<name>), as Invoke takes it.
      const name = requiredString(call, 'FunctionName');
      if (name.startsWith('arn:')) return name;
      const partial = /^(\d{12}):function:(.+)$/.exec(name);
      return partial === null
        ? `arn:${partition}:lambda:${context.region}:${context.accountId}:function:${name}`
        : `arn:${partition}:lambda:${context.region}:${partial[1]}:function:${partial[2]}`;
    }
    case 'logs-log-stream':
      return `arn:${partition}:logs:${context.region}:${context.accountId}:log-group:${requiredString(call, 'logGroupName')}:log-stream:${requiredString(call, 'logStreamName')}`;
  }
}

/**
 * Calls Lambda itself makes with a function's execution role (not the function's code), per
 * integration. Their actions come from the table above like any other call's.
 * - logs: the runtime writes the function's logs (Lambda developer guide, "Sending Lambda
 *   function logs to CloudWatch Logs"; AWSLambdaBasicExecutionRole). CreateLogGroup is not
 *   needed: Terraform creates the group.
 * - asyncOnFailureSqs: an on-failure destination of asynchronous invocations that is an SQS
 *   queue needs sqs:SendMessage on the execution role
 *   (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 * - sqsEventSource: an SQS event source mapping polls with the execution role: ReceiveMessage,
 *   DeleteMessage, GetQueueAttributes
 *   (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 */
export const LAMBDA_ROLE_OPERATIONS = {
  logs: [
    { service: IamService.logs, operation: 'CreateLogStream' },
    { service: IamService.logs, operation: 'PutLogEvents' },
  ],
  asyncOnFailureSqs: [{ service: IamService.sqs, operation: 'SendMessage' }],
  sqsEventSource: [
    { service: IamService.sqs, operation: 'ReceiveMessage' },
    { service: IamService.sqs, operation: 'DeleteMessage' },
    { service: IamService.sqs, operation: 'GetQueueAttributes' },
  ],
} as const satisfies Record<string, ReadonlyArray<{ service: IamService; operation: string }>>;

/** The actions of a Lambda integration's calls, sorted (see {@link LAMBDA_ROLE_OPERATIONS}). */
export function lambdaRoleActions(integration: keyof typeof LAMBDA_ROLE_OPERATIONS): string[] {
  const actions = LAMBDA_ROLE_OPERATIONS[integration].flatMap((op) =>
    requiredActions({ service: op.service, operation: op.operation, input: {} }),
  );
  return [...new Set(actions)].sort();
}
