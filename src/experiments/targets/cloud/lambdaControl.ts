import {
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import type { STSClient } from '@aws-sdk/client-sts';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { buildColdStartUpdate, buildFanoutUpdate } from '../lambdaRequests.js';
import type { FanoutSettings, TargetMetadata, TargetNames } from '../Target.js';
import type { CloudKind } from './openDeployment.js';

const UPDATE_WAIT_MS = 120_000;

/** What the results record about a deployed target: the function's settings and the account. */
export async function describeCloudTarget(
  kind: CloudKind,
  clients: { lambda: LambdaClient; sts: STSClient },
  names: TargetNames,
  where: { region: string; endpoint: string | undefined },
): Promise<TargetMetadata> {
  const config = await clients.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: names.functionName }),
  );
  const concurrency = await clients.lambda
    .send(new GetFunctionConcurrencyCommand({ FunctionName: names.functionName }))
    .then((result) => result.ReservedConcurrentExecutions ?? null)
    .catch(() => null);
  const account = await clients.sts
    .send(new GetCallerIdentityCommand({}))
    .then((identity) => identity.Account ?? null)
    .catch(() => null);
  return {
    target: kind,
    region: where.region,
    bucket: names.bucket,
    table: names.table,
    function_name: names.functionName,
    memory_mb: config.MemorySize ?? null,
    timeout_s: config.Timeout ?? null,
    runtime: config.Runtime ?? null,
    concurrency,
    endpoint: where.endpoint ?? null,
    account,
  };
}

/**
 * Makes the next invocation a cold start: a configuration update (a variable only this does
 * set) retires the execution environments; resolves once the update has finished.
 */
export async function forceColdStart(lambda: LambdaClient, functionName: string): Promise<void> {
  const config = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  await lambda.send(
    new UpdateFunctionConfigurationCommand(buildColdStartUpdate(config, String(Date.now()))),
  );
  await waitForUpdate(lambda, functionName);
}

/**
 * Sets the processor's fan-out variables (experiment I), remembering in `original` what they
 * were the first time; `null` restores them. Resolves once the update has finished.
 */
export async function setFanout(
  lambda: LambdaClient,
  functionName: string,
  settings: FanoutSettings | null,
  original: Record<string, string>,
): Promise<void> {
  const config = await lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: functionName }),
  );
  const variables = config.Environment?.Variables ?? {};
  for (const name of ['FANOUT_MIN_BYTES', 'FANOUT_MAX_PIECES']) {
    if (!(name in original) && variables[name] !== undefined) original[name] = variables[name]!;
  }
  await lambda.send(
    new UpdateFunctionConfigurationCommand(buildFanoutUpdate(config, settings, original)),
  );
  await waitForUpdate(lambda, functionName);
}

async function waitForUpdate(lambda: LambdaClient, functionName: string): Promise<void> {
  const deadline = Date.now() + UPDATE_WAIT_MS;
  for (;;) {
    const current = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
    );
    if (current.LastUpdateStatus !== 'InProgress' && current.State !== 'Pending') return;
    if (Date.now() > deadline) throw new Error('function update did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
