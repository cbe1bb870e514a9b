import type {
  FunctionConfiguration,
  UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';

/** The environment variable whose change forces new execution environments (cold starts). */
export const COLD_START_VARIABLE = 'EXPERIMENT_COLD_START';

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
