import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  type AwsClientConfig,
  awsClientConfig,
  runDeploy,
  runDestroy,
  type TerraformOutputs,
} from '../../deploy/index.js';
import { TargetKind } from '../constants.js';
import type { IamReport } from '../iam/types.js';
import type { LogEvent } from '../metrics/metricsFromLogs.js';
import type { MetricsReport } from '../metrics/types.js';
import { checkCloudIam } from './cloud/cloudIam.js';
import * as cloudLogs from './cloud/cloudLogs.js';
import { cloudMetrics } from './cloud/cloudMetrics.js';
import { describeCloudTarget, forceColdStart, setFanout } from './cloud/lambdaControl.js';
import {
  type CloudKind,
  type CloudTargetDeps,
  checkReachable,
  edgeEndpoint,
  namesFrom,
  probeLocalStack,
  readDeployedOutputs,
} from './cloud/openDeployment.js';
import type {
  DeployPhases,
  FanoutSettings,
  InvocationReport,
  Target,
  TargetMetadata,
  TargetNames,
} from './Target.js';

export type { CloudTargetDeps } from './cloud/openDeployment.js';

/**
 * The `localstack` and `aws` targets: the deployed Terraform stack, through the AWS SDK. This
 * class holds the clients and the deployment's names; each concern has its own module under
 * cloud/: opening the deployment (outputs, LocalStack's health, credentials, bucket), logs,
 * metrics, IAM (experiment H) and the Lambda control plane (metadata, cold starts).
 */
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
    const outputs = await readDeployedOutputs(kind, deps);
    if (kind === TargetKind.localstack)
      await probeLocalStack(edgeEndpoint(outputs, deps), deps.healthTimeoutMs ?? 3_000);
    const target = new CloudTarget(kind, outputs, deps);
    try {
      const where = target.#config.endpoint ?? `S3 in ${target.region}`;
      await checkReachable(kind, target, target.#names.bucket, where);
      return target;
    } catch (error) {
      await target.close();
      throw error;
    }
  }

  get names(): TargetNames {
    return this.#names;
  }

  get region(): string {
    return this.#outputs.region;
  }

  describe(): Promise<TargetMetadata> {
    return describeCloudTarget(this.kind, this, this.#names, {
      region: this.region,
      endpoint: this.#config.endpoint,
    });
  }

  /** Every log event of the processor's log group in the window (all pages). */
  logEvents(startMs: number, endMs: number = Date.now()): Promise<LogEvent[]> {
    return cloudLogs.logEvents(this.logs, this.#names.logGroup, startMs, endMs);
  }

  invocationReports(sinceMs: number): Promise<InvocationReport[]> {
    return cloudLogs.invocationReports(this.logs, this.#names.logGroup, sinceMs);
  }

  /** Waits until the REPORT lines of the request ids reach CloudWatch Logs (they lag). */
  waitForReports(sinceMs: number, requestIds: readonly string[]): Promise<InvocationReport[]> {
    return cloudLogs.waitForReports(this.logs, this.#names.logGroup, sinceMs, requestIds);
  }

  forceColdStart(): Promise<void> {
    return forceColdStart(this.lambda, this.#names.functionName);
  }

  /** The fan-out variables as deployed, kept by the first {@link setFanout}. */
  readonly #deployedFanout: Record<string, string> = {};

  setFanout(settings: FanoutSettings | null): Promise<void> {
    return setFanout(this.lambda, this.#names.functionName, settings, this.#deployedFanout);
  }

  async throttleCount(): Promise<number | null> {
    return null;
  }

  metrics(sinceMs: number): Promise<MetricsReport> {
    return cloudMetrics(this.kind, this, this.#names, sinceMs);
  }

  checkIam(): Promise<IamReport> {
    return checkCloudIam(this.kind, this, this.#names, this.region);
  }

  /** Experiment A: destroy and deploy again with Terraform, then read the new outputs. */
  async deployCycle(): Promise<DeployPhases> {
    const options = { target: this.kind, autoApprove: true };
    const destroying = performance.now();
    await runDestroy(options);
    const destroyMs = performance.now() - destroying;
    const applying = performance.now();
    await runDeploy(options);
    const applyMs = performance.now() - applying;
    this.#outputs = await readDeployedOutputs(this.kind, this.#deps);
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
