import { type ChildProcess, spawn } from 'node:child_process';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const BIN = new URL('../../../bin/ingest.js', import.meta.url).pathname;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** `ingest local start` as a child process, as a user runs it, with clients for its endpoints. */
export interface StackProcess {
  child: ChildProcess;
  /** Everything it printed on stdout so far. */
  output(): string;
  s3: S3Client;
  dynamo: DynamoDBClient;
  /** The metadata item of a file (path under `uploads/`), or undefined. */
  item(fileName: string): Promise<Record<string, unknown> | undefined>;
  /** Resolves once stdout contains `text` (rejects if the process exits first). */
  waitFor(text: string): Promise<void>;
  /** Sends a signal and resolves with the exit code (null when killed). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `ingest local start --port 0 --no-build` on `dataDir` plus `args`; resolves when ready. */
export async function startStack(dataDir: string, args: string[] = []): Promise<StackProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'local', 'start', '--port', '0', '--data-dir', dataDir, '--no-build', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const waiters = new Set<{ text: string; resolve: () => void }>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      if (output.includes(waiter.text)) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  });
  const waitFor = (text: string) =>
    output.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.add({ text, resolve });
          void exited.then((code) =>
            reject(new Error(`ingest local start exited (${code}) before "${text}":\n${output}`)),
          );
        });
  await waitFor('Press Ctrl-C to stop.');
  const s3Endpoint = /^S3\s+(http:\/\/\S+)/m.exec(output)![1]!;
  const dynamoEndpoint = /^DynamoDB\s+(http:\/\/\S+)/m.exec(output)![1]!;
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: s3Endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamoEndpoint, credentials });
  return {
    child,
    output: () => output,
    s3,
    dynamo,
    async item(fileName) {
      const { Item } = await dynamo.send(
        new GetItemCommand({
          TableName: 'csv-ingest-local-files',
          Key: { file_name: { S: fileName } },
          ConsistentRead: true,
        }),
      );
      return Item ? unmarshall(Item) : undefined;
    },
    waitFor,
    async stop(signal) {
      s3.destroy();
      dynamo.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
