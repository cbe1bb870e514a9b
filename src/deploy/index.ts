export { type AwsClientConfig, awsClientConfig } from './awsClientConfig.js';
export {
  DESTROY_ATTEMPTS,
  type DeployTarget,
  LAB_ROLE_NAME,
  LAMBDA_ZIP,
  LOCALSTACK_ENDPOINT,
  LOCALSTACK_HEALTH_PATH,
  LOCALSTACK_HEALTH_URL,
  LOCALSTACK_SERVICES,
  REQUIRED_OUTPUTS,
  TARGETS,
  TERRAFORM_DIR,
  WRITERS_FIRST_TARGETS,
} from './constants.js';
export { emptyBucket } from './emptyBucket.js';
export {
  AwsCredentialsError,
  BadOutputsError,
  BucketNotEmptyError,
  BuildFailedError,
  DeployError,
  DeployErrorCode,
  isDeployError,
  LocalStackUnavailableError,
  NotDeployedError,
  TerraformFailedError,
  ToolNotFoundError,
} from './errors.js';
export {
  type AwsIdentity,
  buildLambdaZip,
  checkAwsCredentials,
  checkLocalStack,
  ensureLambdaZip,
  localStackEndpoint,
  localStackHealthUrl,
  requireTerraform,
  roleArnFromCaller,
} from './preconditions.js';
export { parseTerraformOutputs, readTerraformOutputs } from './readTerraformOutputs.js';
export {
  type DeployOptions,
  type DestroyHooks,
  deployContext,
  runDeploy,
  runDestroy,
} from './runDeploy.js';
export {
  applyArgs,
  destroyArgs,
  initArgs,
  outputArgs,
  type TerraformVars,
  terraformEnv,
  workspaceArgs,
} from './terraformCommand.js';
export type { DeployContext, Env, TerraformOutputs } from './types.js';
