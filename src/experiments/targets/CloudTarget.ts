import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import {
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type AwsClientConfig,
  awsClientConfig,
  DeployErrorCode,
  type DeployTarget,
  isDeployError,
  LOCALSTACK_ENDPOINT,
  NotDeployedError,
  readTerraformOutputs,
  runDeploy,
  runDestroy,
  type TerraformOutputs,
} from '../../deploy/index.js';
import { AwsFailure, awsRequestError, classifyAwsError, describeAwsFailure } from '../awsErrors.js';
import { TargetKind } from '../constants.js';
import { ExperimentError, ExperimentErrorCode, TargetUnreachableError } from '../errors.js';
import {
  buildIamChecks,
  buildSimulateRequest,
  evaluateCheck,
  iamVerdict,
  notEnforcedReport,
} from '../iam/iamChecks.js';
import type { IamCheckResult, IamReport } from '../iam/types.js';
import { buildFilterLogEventsInput } from '../metrics/logsRequests.js';
import { mergeMetricRows } from '../metrics/mergeMetricRows.js';
import {
  buildGetMetricDataInput,
  periodFor,
  rowsFromMetricData,
} from '../metrics/metricDataQueries.js';
import { type LogEvent, metricsFromLogs, reportsFromLogs } from '../metrics/metricsFromLogs.js';
import type { MetricsReport } from '../metrics/types.js';
import { buildColdStartUpdate } from './lambdaRequests.js';
import type {
  DeployPhases,
  InvocationReport,
  Target,
  TargetMetadata,
  TargetNames,
} from './Target.js';

/** Injectable parts of {@link CloudTarget.open} (tests replace them). */
export interface CloudTargetDeps {
  readOutputs?: (target: DeployTarget) => Promise<TerraformOutputs>;
  /**
   * LocalStack edge URL when the outputs name none; the `endpoint_url` output wins (default
   * http://localhost:4566).
   */
  endpoint?: string;
  /** Health probe timeout (default 3 s). */
  healthTimeoutMs?: number;
}

type CloudKind = typeof TargetKind.localstack | typeof TargetKind.aws;

const LOG_WAIT_MS = 30_000;
const UPDATE_WAIT_MS = 120_000;

function namesFrom(outputs: TerraformOutputs): TargetNames {
  return {
    bucket: outputs.bucket,
    table: outputs.table,
    functionName: outputs.function_name,
    failureFunctionName: outputs.failure_function_name,
    // The deployed stack's own prefixes (terraform/outputs.tf), not this code's defaults.
    uploadPrefix: outputs.upload_prefix,
    processedPrefix: outputs.processed_prefix,
    logGroup: outputs.log_group ?? `/aws/lambda/${outputs.function_name}`,
    environment: outputs.environment,
  };
}

/** The LocalStack edge URL of a deployment: the one its clients and its health check use. */
function edgeEndpoint(outputs: TerraformOutputs, deps: CloudTargetDeps): string {
  return outputs.endpoint_url ?? deps.endpoint ?? LOCALSTACK_ENDPOINT;
}

async function probeLocalStack(endpoint: string, timeoutMs: number): Promise<void> {
  const url = `${endpoint}/_localstack/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new TargetUnreachableError(
      `LocalStack is not reachable at ${endpoint} (${(error as Error).message}): run make localstack-up, then make deploy-localstack`,
      { cause: error },
    );
  }
}

/**
 * The error of a failed HeadBucket, told apart by its answer. HeadBucket has no body, only the
 * status: "If the bucket does not exist or you do not have permission to access it, the HEAD
 * request returns a generic 400 Bad Request, 403 Forbidden or 404 Not Found", and it needs
 * s3:ListBucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html).
 */
function headBucketError(error: unknown, bucket: string, kind: CloudKind, where: string): Error {
  const info = classifyAwsError(error);
  if (info === undefined) return error as Error;
  const detail = describeAwsFailure(info);
  switch (info.kind) {
    case AwsFailure.NOT_FOUND:
      return new NotDeployedError(
        `bucket ${bucket} of ${kind} does not exist (${detail}): run ingest deploy --env ${kind}`,
        { cause: error },
      );
    case AwsFailure.FORBIDDEN:
      return new ExperimentError(
        ExperimentErrorCode.ACCESS_DENIED,
        `bucket ${bucket} of ${kind} answers 403 Forbidden (${detail})`,
        {
          cause: error,
          hint: 'Bucket names are global: another account may own this name, or these credentials lack s3:ListBucket on it. Check the account (aws sts get-caller-identity) and its policy.',
        },
      );
    case AwsFailure.UNREACHABLE:
      return new TargetUnreachableError(
        `S3 of ${kind} does not answer at ${where} (${detail}): ${
          kind === TargetKind.localstack
            ? 'is LocalStack running? make localstack-up'
            : 'check the network and AWS_ENDPOINT_URL*'
        }`,
        { cause: error },
      );
    default:
      return awsRequestError(error) ?? (error as Error);
  }
}
/** The `localstack` and `aws` targets: the deployed Terraform stack, through the AWS SDK. */
export class CloudTarget implements Target {
  readonly kind: CloudKind;
  #outputs: TerraformOutputs;
  #names: TargetNames;
  readonly #config: AwsClientConfig;
  readonly #deps: CloudTargetDeps;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly lambda: LambdaClient;
  readonly cloudwatch: CloudWatchClient;
  readonly logs: CloudWatchLogsClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;

  private constructor(kind: CloudKind, outputs: TerraformOutputs, deps: CloudTargetDeps) {
    this.kind = kind;
    this.#outputs = outputs;
    this.#names = namesFrom(outputs);
    this.#deps = deps;
    this.#config = awsClientConfig(kind, outputs.region, edgeEndpoint(outputs, deps));
    this.s3 = new S3Client({ ...this.#config, forcePathStyle: kind === TargetKind.localstack });
    this.dynamodb = new DynamoDBClient(this.#config);
    this.lambda = new LambdaClient(this.#config);
    this.cloudwatch = new CloudWatchClient(this.#config);
    this.logs = new CloudWatchLogsClient(this.#config);
    this.iam = new IAMClient(this.#config);
    this.sts = new STSClient(this.#config);
  }

  /**
   * Opens a deployed target: reads the Terraform outputs, checks LocalStack's health at the
   * outputs' endpoint (localstack), the credentials (aws) and that the bucket exists.
   */
  static async open(kind: CloudKind, deps: CloudTargetDeps = {}): Promise<CloudTarget> {
    const outputs = await CloudTarget.#readOutputs(kind, deps);
    if (kind === TargetKind.localstack)
      await probeLocalStack(edgeEndpoint(outputs, deps), deps.healthTimeoutMs ?? 3_000);
    const target = new CloudTarget(kind, outputs, deps);
    try {
      await target.#checkReachable();
      return target;
    } catch (error) {
      await target.close();
      throw error;
    }
  }

  static async #readOutputs(kind: CloudKind, deps: CloudTargetDeps): Promise<TerraformOutputs> {
    try {
      return await (deps.readOutputs ?? readTerraformOutputs)(kind);
    } catch (error) {
      // A missing terraform says nothing about the deployment: report it as it is.
      if (isDeployError(error) && error.code === DeployErrorCode.TOOL_NOT_FOUND) throw error;
      if (isDeployError(error)) {
        throw new NotDeployedError(`${kind} is not deployed: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async #checkReachable(): Promise<void> {
    if (this.kind === TargetKind.aws) {
      try {
        await this.sts.send(new GetCallerIdentityCommand({}));
      } catch (error) {
        throw new TargetUnreachableError(
          `AWS does not accept the credentials (${(error as Error).message}): refresh them (Learner Lab: Start Lab, copy AWS Details into ~/.aws/credentials)`,
          { cause: error },
        );
      }
    }
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.#names.bucket }));
    } catch (error) {
      const where = this.#config.endpoint ?? `S3 in ${this.region}`;
      throw headBucketError(error, this.#names.bucket, this.kind, where);
    }
  }

  get names(): TargetNames {
    return this.#names;
  }

  get region(): string {
    return this.#outputs.region;
  }

  async describe(): Promise<TargetMetadata> {
    const config = await this.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: this.#names.functionName }),
    );
    const concurrency = await this.lambda
      .send(new GetFunctionConcurrencyCommand({ FunctionName: this.#names.functionName }))
      .then((result) => result.ReservedConcurrentExecutions ?? null)
      .catch(() => null);
    const account = await this.sts
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => identity.Account ?? null)
      .catch(() => null);
    return {
      target: this.kind,
      region: this.region,
      bucket: this.#names.bucket,
      table: this.#names.table,
      function_name: this.#names.functionName,
      memory_mb: config.MemorySize ?? null,
      timeout_s: config.Timeout ?? null,
      runtime: config.Runtime ?? null,
      concurrency,
      endpoint: this.#config.endpoint ?? null,
      account,
    };
  }

  /** Every log event of the processor's log group in the window (all pages). */
  async logEvents(startMs: number, endMs: number = Date.now()): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.logs
        .send(
          new FilterLogEventsCommand(
            buildFilterLogEventsInput(this.#names.logGroup, { startMs, endMs }, nextToken),
          ),
        )
        .catch((error: Error) => {
          if (error.name === 'ResourceNotFoundException')
            return { events: [], nextToken: undefined };
          throw error;
        });
      for (const event of (page.events ?? []) as FilteredLogEvent[]) {
        events.push({ timestamp: event.timestamp ?? 0, message: event.message ?? '' });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async invocationReports(sinceMs: number): Promise<InvocationReport[]> {
    return reportsFromLogs(await this.logEvents(sinceMs));
  }

  /** Waits until the REPORT lines of the request ids reach CloudWatch Logs (they lag). */
  async waitForReports(
    sinceMs: number,
    requestIds: readonly string[],
  ): Promise<InvocationReport[]> {
    const deadline = Date.now() + LOG_WAIT_MS;
    for (;;) {
      const reports = await this.invocationReports(sinceMs);
      const seen = new Set(reports.map((report) => report.requestId));
      if (requestIds.every((id) => seen.has(id)) || Date.now() > deadline) return reports;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async forceColdStart(): Promise<void> {
    const config = await this.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: this.#names.functionName }),
    );
    await this.lambda.send(
      new UpdateFunctionConfigurationCommand(buildColdStartUpdate(config, String(Date.now()))),
    );
    const deadline = Date.now() + UPDATE_WAIT_MS;
    for (;;) {
      const current = await this.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: this.#names.functionName }),
      );
      if (current.LastUpdateStatus !== 'InProgress' && current.State !== 'Pending') return;
      if (Date.now() > deadline) throw new Error('function update did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async throttleCount(): Promise<number | null> {
    return null;
  }

  async #metricData(
    start: Date,
    end: Date,
    only?: ReadonlySet<string>,
  ): Promise<ReturnType<typeof rowsFromMetricData>> {
    const names = {
      functionName: this.#names.functionName,
      table: this.#names.table,
      environment: this.#names.environment,
    };
    const input = buildGetMetricDataInput(names, { start, end });
    if (only) {
      input.MetricDataQueries = input.MetricDataQueries?.filter((query) =>
        only.has(query.MetricStat?.Metric?.MetricName ?? ''),
      );
    }
    const results: MetricDataResult[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.cloudwatch.send(
        new GetMetricDataCommand({ ...input, ...(nextToken ? { NextToken: nextToken } : {}) }),
      );
      results.push(...(page.MetricDataResults ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return rowsFromMetricData(names, results, only);
  }

  async metrics(sinceMs: number): Promise<MetricsReport> {
    const start = new Date(sinceMs);
    const end = new Date();
    const period = `one period of ${periodFor(start, end)} s over the whole window`;
    if (this.kind === TargetKind.aws) {
      return {
        target: this.kind,
        from: start.toISOString(),
        to: end.toISOString(),
        rows: await this.#metricData(start, end),
        notes: [`CloudWatch GetMetricData, ${period}`],
      };
    }
    // LocalStack publishes only Invocations and Errors (and not always): a figure CloudWatch
    // has no datapoints for comes from the logs, marked derived.
    const notes: string[] = [];
    const published = await this.#metricData(start, end, new Set(['Invocations', 'Errors'])).catch(
      (error: unknown) => {
        const failure = classifyAwsError(error);
        if (failure === undefined) throw error;
        notes.push(`CloudWatch GetMetricData failed (${describeAwsFailure(failure)})`);
        return [];
      },
    );
    const derived = metricsFromLogs(await this.logEvents(sinceMs, end.getTime()));
    const rows = mergeMetricRows(published, derived);
    for (const [name, stat] of [
      ['SuccessfulRequestLatency', 'Average'],
      ['ConsumedWriteCapacityUnits', 'Sum'],
      ['ThrottledRequests', 'Sum'],
    ] as const) {
      rows.push({
        namespace: 'AWS/DynamoDB',
        name,
        stat,
        value: null,
        unit: name === 'SuccessfulRequestLatency' ? 'Milliseconds' : 'Count',
        source: 'logs',
        derived: true,
        note: 'LocalStack publishes no DynamoDB metrics',
      });
    }
    notes.push(
      `CloudWatch GetMetricData (${period}) where it has datapoints, else derived from the log group ${this.#names.logGroup}`,
    );
    return {
      target: this.kind,
      from: start.toISOString(),
      to: end.toISOString(),
      rows,
      notes,
    };
  }

  async checkIam(): Promise<IamReport> {
    const tableArn = await this.dynamodb
      .send(new DescribeTableCommand({ TableName: this.#names.table }))
      .then((result) => result.Table?.TableArn)
      .catch(() => undefined);
    const checks = buildIamChecks({
      bucket: this.#names.bucket,
      tableArn:
        tableArn ?? `arn:aws:dynamodb:${this.region}:000000000000:table/${this.#names.table}`,
      uploadPrefix: this.#names.uploadPrefix,
      processedPrefix: this.#names.processedPrefix,
    });
    if (this.kind === TargetKind.localstack) {
      return notEnforcedReport(
        checks,
        'LocalStack (free edition) does not enforce IAM: every call is allowed whatever the policy',
      );
    }
    const config = await this.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: this.#names.functionName }),
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
        const response = await this.iam.send(
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

  async deployCycle(): Promise<DeployPhases> {
    const options = { target: this.kind, autoApprove: true };
    const destroying = performance.now();
    await runDestroy(options);
    const destroyMs = performance.now() - destroying;
    const applying = performance.now();
    await runDeploy(options);
    const applyMs = performance.now() - applying;
    this.#outputs = await CloudTarget.#readOutputs(this.kind, this.#deps);
    this.#names = namesFrom(this.#outputs);
    return { destroy_ms: destroyMs, apply_ms: applyMs };
  }

  async close(): Promise<void> {
    for (const client of [
      this.s3,
      this.dynamodb,
      this.lambda,
      this.cloudwatch,
      this.logs,
      this.iam,
      this.sts,
    ]) {
      client.destroy();
    }
  }
}
