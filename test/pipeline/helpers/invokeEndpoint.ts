import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaInvokeEndpoint } from '../../../src/local/emulators/LambdaInvokeEndpoint.js';

export const FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:000000000000:function:csv-ingest-local-processor';

/**
 * The local target's Lambda Invoke endpoint with the processor's name, keeping each accepted
 * asynchronous invocation's payload for the test to run (a Lambda control plane the test drives).
 */
export async function startInvokeEndpoint(): Promise<{
  client: LambdaClient;
  events: unknown[];
  close(): Promise<void>;
}> {
  const events: unknown[] = [];
  let id = 0;
  const endpoint = new LambdaInvokeEndpoint({
    functions: [
      {
        functionName: 'csv-ingest-local-processor',
        functionArn: FUNCTION_ARN,
        invokeEvent(payload) {
          events.push(payload);
          id += 1;
          return `invoke-${id}`;
        },
      },
    ],
  });
  const url = await endpoint.start();
  const client = new LambdaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return {
    client,
    events,
    async close() {
      client.destroy();
      await endpoint.stop();
    },
  };
}
