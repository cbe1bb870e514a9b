import { LOCALSTACK_ENDPOINT, TargetKind } from '../constants.js';

/** Constructor options shared by every SDK client of a cloud target. */
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
  kind: typeof TargetKind.localstack | typeof TargetKind.aws,
  region: string,
  endpoint: string = LOCALSTACK_ENDPOINT,
): AwsClientConfig {
  if (kind === TargetKind.aws) return { region };
  return { region, endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
}
