import { type DeployTarget, LOCALSTACK_ENDPOINT, TARGETS } from './constants.js';

/** Constructor options shared by every SDK client of a deployed target. */
export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * SDK client options: AWS uses the standard credential chain and endpoints; LocalStack its edge
 * endpoint and the test credentials.
 */
export function awsClientConfig(
  target: DeployTarget,
  region: string,
  endpoint: string = LOCALSTACK_ENDPOINT,
): AwsClientConfig {
  if (target === TARGETS.aws) return { region };
  return { region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
}
