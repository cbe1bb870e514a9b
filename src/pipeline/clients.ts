import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { PipelineConfig } from './config.js';

/**
 * The default SDK clients. Endpoints, region and credentials come from the SDK's standard
 * chain (`AWS_ENDPOINT_URL[_S3|_DYNAMODB|_LAMBDA]`, `AWS_REGION`, the Lambda role); the Lambda
 * client invokes the function itself for the pieces of a split upload. Checksums are
 * computed only when an operation requires them: s3rver would otherwise store the aws-chunked
 * framing as data, and on AWS this is the SDK's pre-2025 behaviour (PutObject of a small JSON
 * needs no trailer), so it is harmless there.
 */
export function createDefaultClients(config: Pick<PipelineConfig, 's3ForcePathStyle'>): {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
} {
  return {
    s3: new S3Client({
      forcePathStyle: config.s3ForcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
    dynamodb: new DynamoDBClient({}),
    lambda: new LambdaClient({}),
  };
}
