import type {
  FunctionConfiguration,
  UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';

/** The environment variable whose change forces new execution environments (cold starts). */
export const COLD_START_VARIABLE = 'EXPERIMENT_COLD_START';

/**
 * The `UpdateFunctionConfiguration` request that sets the processor's fan-out variables (or,
 * with `null`, restores those of `original`, removing what it did not have), keeping the rest of
 * its environment.
 */
export function buildFanoutUpdate(
  config: FunctionConfiguration,
  settings: { minBytes: number; maxPieces: number } | null,
  original: Readonly<Record<string, string>>,
): UpdateFunctionConfigurationCommandInput {
  const functionName = config.FunctionName;
  if (!functionName) throw new TypeError('function configuration without FunctionName');
  const variables: Record<string, string> = { ...config.Environment?.Variables };
  for (const name of ['FANOUT_MIN_BYTES', 'FANOUT_MAX_PIECES'] as const) {
    if (settings !== null) continue;
    if (original[name] === undefined) delete variables[name];
    else variables[name] = original[name]!;
  }
  if (settings !== null) {
    variables.FANOUT_MIN_BYTES = String(settings.minBytes);
    variables.FANOUT_MAX_PIECES = String(settings.maxPieces);
  }
  return { FunctionName: functionName, Environment: { Variables: variables } };
}

/**
 * The `UpdateFunctionConfiguration` request that forces cold starts: the function's own
 * environment, unchanged except for {@link COLD_START_VARIABLE} set to `token`.
 */
export function buildColdStartUpdate(
  config: FunctionConfiguration,
  token: string,
): UpdateFunctionConfigurationCommandInput {
  const functionName = config.FunctionName;
  if (!functionName) throw new TypeError('function configuration without FunctionName');
  return {
    FunctionName: functionName,
    Environment: { Variables: { ...config.Environment?.Variables, [COLD_START_VARIABLE]: token } },
  };
}
