// Which LocalStack services each Terraform resource needs, read from LocalStack 4.14.0's source
// (github.com/localstack/localstack, tag v4.14.0 = commit 3d5a0c70e0fe2eb0864447c882454d33b406ba8a,
// paths below relative to localstack-core/localstack/). `api`: the endpoint Terraform calls for
// the resource; `internal`: services LocalStack itself calls while serving it (connect_to(...)),
// which fail with "Service '<name>' is not enabled" when absent from SERVICES
// (aws/handlers/service_plugin.py, STRICT_SERVICE_LOADING is on by default).
import { type Body, nestedBlocks, resolveValue, type Scope } from './terraformModel.js';

/** The services one resource needs on LocalStack. */
export interface NeededServices {
  api: string[];
  internal: string[];
}

type Rule = (body: Body, scope: Scope) => NeededServices;

const api =
  (...services: string[]): Rule =>
  () => ({ api: services, internal: [] });

/** The service of an ARN (`arn:aws:sqs:...` -> sqs), or undefined when not an ARN literal. */
function serviceOfArn(value: unknown): string | undefined {
  return typeof value === 'string' ? /^arn:aws[\w-]*:([\w-]+):/.exec(value)?.[1] : undefined;
}

function firstBlock(body: Body, name: string, scope: Scope): Body | undefined {
  const block = nestedBlocks(body, name).blocks[0];
  return block === undefined ? undefined : (resolveValue(block, scope) as Body);
}

/** Resource type -> services. A type without a row fails the test: read LocalStack's code first. */
export const LOCALSTACK_SERVICES: Record<string, Rule> = {
  // sts/provider.py: GetCallerIdentity.
  'data.aws_caller_identity': api('sts'),
  // Rendered by the Terraform provider itself, no API call.
  'data.aws_iam_policy_document': () => ({ api: [], internal: [] }),
  // A "meta data source": the partition of the provider's configured region, computed by the
  // provider (hashicorp/terraform-provider-aws, website/docs/d/partition: "the current AWS
  // partition in which the provider is working"), no API call.
  'data.aws_partition': () => ({ api: [], internal: [] }),
  'data.aws_iam_role': api('iam'),
  aws_iam_role: api('iam'),
  aws_iam_role_policy: api('iam'),

  // services/dynamodb/provider.py (and v2/provider.py, the default since config.py sets
  // PROVIDER_OVERRIDE_DYNAMODB=v2): CreateTable with SSESpecification.Enabled and no
  // KMSMasterKeyId calls SSEUtils.get_sse_kms_managed_key -> connect_to(...).kms.create_key,
  // after the table was created in DynamoDB Local. PITR (update_continuous_backups) is kept in
  // LocalStack's own store; DeletionProtectionEnabled is forwarded to DynamoDB Local.
  aws_dynamodb_table: (body, scope) => {
    const sse = firstBlock(body, 'server_side_encryption', scope);
    const kms = sse !== undefined && sse.enabled === true && !sse.kms_key_arn;
    return { api: ['dynamodb'], internal: kms ? ['kms'] : [] };
  },

  aws_s3_bucket: api('s3'),
  aws_s3_bucket_public_access_block: api('s3'),
  aws_s3_bucket_ownership_controls: api('s3'),
  aws_s3_bucket_versioning: api('s3'),
  aws_s3_bucket_lifecycle_configuration: api('s3'),
  // s3/provider.py put_bucket_policy: stored after a JSON check (no IAM call, not enforced).
  aws_s3_bucket_policy: api('s3'),
  // s3/provider.py put_bucket_encryption stores the rule; objects written under an aws:kms
  // default without a key get one from create_s3_kms_managed_key_for_region (s3/utils.py, kms).
  aws_s3_bucket_server_side_encryption_configuration: (body, scope) => {
    const rule = firstBlock(body, 'rule', scope);
    const byDefault =
      rule && nestedBlocks(rule, 'apply_server_side_encryption_by_default').blocks[0];
    const algorithm = String(byDefault?.sse_algorithm ?? '');
    return { api: ['s3'], internal: algorithm.startsWith('aws:kms') ? ['kms'] : [] };
  },
  // s3/notifications.py LambdaNotifier._verify_target: lambda GetFunction and a DryRun Invoke
  // when the configuration is put; notify() invokes the function on each event.
  aws_s3_bucket_notification: (body) => {
    const { blocks, dynamic } = nestedBlocks(body, 'lambda_function');
    return { api: ['s3'], internal: blocks.length > 0 || dynamic !== undefined ? ['lambda'] : [] };
  },

  // lambda_/invocation/lambda_models.py keeps the code in an internal S3 bucket (s3);
  // execution_environment.py gets the function's credentials from sts; invocation/logs.py
  // writes the function's logs (logs). utils/bootstrap.py API_DEPENDENCIES: lambda -> s3, sts.
  aws_lambda_function: () => ({ api: ['lambda'], internal: ['s3', 'sts', 'logs'] }),
  aws_lambda_permission: api('lambda'),
  // lambda_/invocation/event_manager.py process_failure_destination ->
  // utils/aws/message_forwarding.py send_event_to_target: assumes the role (sts) and calls
  // the destination's service (sqs SendMessage for a queue).
  aws_lambda_function_event_invoke_config: (body, scope) => {
    const config = firstBlock(body, 'destination_config', scope);
    const destinations = ['on_failure', 'on_success']
      .map((name) => (config ? nestedBlocks(config, name).blocks[0]?.destination : undefined))
      .filter((d) => d !== undefined);
    const services = destinations.map((d) => serviceOfArn(d) ?? destinationService(String(d)));
    return { api: ['lambda'], internal: destinations.length > 0 ? ['sts', ...services] : [] };
  },
  // lambda_/provider.py check_service_resource_exists: GetQueueAttributes with the function's
  // role (sts, sqs); pollers/sqs_poller.py receives and deletes messages (sqs). ScalingConfig is
  // stored and returned (event_source_mapping/esm_config_factory.py merges the request).
  aws_lambda_event_source_mapping: (body) => ({
    api: ['lambda'],
    internal: [
      'sts',
      serviceOfArn(body.event_source_arn) ?? destinationService(String(body.event_source_arn)),
    ],
  }),

  // sqs/provider.py: redrive is handled inside SQS; a kms_master_key_id would involve KMS.
  aws_sqs_queue: (body) => ({ api: ['sqs'], internal: body.kms_master_key_id ? ['kms'] : [] }),
  // logs/provider.py create_log_group keeps kmsKeyId as given.
  aws_cloudwatch_log_group: api('logs'),
  // cloudwatch/provider_v2.py put_dashboard stores the body.
  aws_cloudwatch_dashboard: api('cloudwatch'),
  // cloudwatch/provider_v2.py put_metric_alarm; actions are only called when set (sns, lambda).
  aws_cloudwatch_metric_alarm: (body, scope) => {
    const actions = resolveValue(body.alarm_actions, scope);
    const services = Array.isArray(actions)
      ? actions.map((a) => serviceOfArn(a) ?? 'sns')
      : typeof actions === 'string' && actions !== '' && actions !== '[]'
        ? ['sns']
        : [];
    return { api: ['cloudwatch'], internal: services };
  },
};

/** The service a Terraform reference to a resource ARN names (`${aws_sqs_queue.x.arn}` -> sqs). */
function destinationService(reference: string): string {
  const type = /\$\{aws_(\w+?)_/.exec(reference)?.[1];
  if (type === undefined) throw new Error(`cannot tell the service of ${reference}`);
  return type;
}

/**
 * Services LocalStack starts along with others, whatever SERVICES says
 * (utils/bootstrap.py, API_DEPENDENCIES).
 */
export const LOCALSTACK_API_DEPENDENCIES: Record<string, string[]> = {
  dynamodb: ['dynamodbstreams'],
  dynamodbstreams: ['kinesis'],
  lambda: ['s3', 'sts'],
};

/** SERVICES plus what LocalStack starts with them (utils/bootstrap.py, resolve_apis). */
export function enabledServices(services: readonly string[]): Set<string> {
  const enabled = new Set<string>();
  const pending = [...services];
  while (pending.length > 0) {
    const service = pending.pop()!;
    if (enabled.has(service)) continue;
    enabled.add(service);
    pending.push(...(LOCALSTACK_API_DEPENDENCIES[service] ?? []));
  }
  return enabled;
}
