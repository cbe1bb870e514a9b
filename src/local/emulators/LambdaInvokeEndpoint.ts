import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listen } from './closeServer.js';

// The local target's Lambda Invoke endpoint: the one Lambda API call the processor makes (it
// invokes itself, asynchronously, once per piece of a split upload), served on loopback so the
// function's Lambda client reaches it through AWS_ENDPOINT_URL_LAMBDA, as its S3 and DynamoDB
// clients reach the emulators through theirs. The wire format is the Invoke API's
// (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html): POST
// /2015-03-31/functions/<FunctionName>/invocations, X-Amz-Invocation-Type Event answered 202
// (DryRun 204), errors as `x-amzn-ErrorType` with a JSON {Type, message} body, which the SDK
// reads. Signatures are not checked (like the emulators; loopback only).

/** The largest asynchronous payload Lambda accepts (API_Invoke: 1 MB). */
export const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

/** A function the endpoint invokes: its name and ARN, and how an event is queued for it. */
export interface InvokableFunction {
  readonly functionName: string;
  readonly functionArn: string;
  /**
   * Accepts an asynchronous invocation: records it durably before returning (the 202 follows)
   * and returns its request id.
   */
  invokeEvent(payload: unknown): string;
}

/** Where the endpoint listens and what it serves. */
export interface LambdaInvokeEndpointOptions {
  /** Loopback address (default 127.0.0.1). */
  host?: string;
  /** TCP port; 0 picks an ephemeral one. */
  port?: number;
  functions: readonly InvokableFunction[];
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** The Lambda Invoke API of the local target, for asynchronous invocations. */
export class LambdaInvokeEndpoint {
  readonly #options: LambdaInvokeEndpointOptions;
  readonly #server: Server;
  #endpoint = '';

  constructor(options: LambdaInvokeEndpointOptions) {
    this.#options = options;
    this.#server = createServer((request, response) => {
      void this.#handle(request, response).catch((error: unknown) => {
        fail(response, 500, 'ServiceException', `local Lambda endpoint: ${String(error)}`);
      });
    });
  }

  /** `http://host:port` once started. */
  get endpoint(): string {
    return this.#endpoint;
  }

  /** Starts listening; resolves with the endpoint. */
  async start(): Promise<string> {
    const host = this.#options.host ?? '127.0.0.1';
    const port = await listen(this.#server, host, this.#options.port ?? 0);
    this.#endpoint = `http://${host}:${port}`;
    return this.#endpoint;
  }

  /** Stops listening and closes open connections. Idempotent. */
  async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (request.method !== 'POST' || match === null) {
      fail(response, 404, 'UnknownOperationException', 'only Invoke is served here');
      return;
    }
    const name = decodeURIComponent(match[1]!);
    const qualifier = url.searchParams.get('Qualifier');
    const fn = this.#find(name);
    if (fn === undefined || (qualifier !== null && qualifier !== '$LATEST')) {
      fail(response, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
      return;
    }
    const type = headerOf(request, 'x-amz-invocation-type') ?? 'RequestResponse';
    const body = await readBody(request, MAX_ASYNC_PAYLOAD_BYTES);
    if (body === null) {
      fail(
        response,
        413,
        'RequestTooLargeException',
        `Request must be smaller than ${MAX_ASYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
      );
      return;
    }
    if (type === 'DryRun') {
      answer(response, 204, randomUUID());
      return;
    }
    if (type !== 'Event') {
      fail(
        response,
        400,
        'InvalidParameterValueException',
        `the local Lambda endpoint serves asynchronous invocations (Event, DryRun), not ${type}`,
      );
      return;
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      fail(
        response,
        400,
        'InvalidRequestContentException',
        'Could not parse request body into json',
      );
      return;
    }
    answer(response, 202, fn.invokeEvent(payload));
  }

  /** The function named by a name, an ARN or a partial ARN (`<account>:function:<name>`). */
  #find(name: string): InvokableFunction | undefined {
    return this.#options.functions.find(
      (fn) =>
        fn.functionName === name ||
        fn.functionArn === name ||
        fn.functionArn.endsWith(`:${name}`) ||
        fn.functionArn === name.replace(/:\$LATEST$/, ''),
    );
  }
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body, or null once it passes `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answer(response: ServerResponse, status: number, requestId: string): void {
  response.writeHead(status, { 'x-amzn-RequestId': requestId, 'Content-Length': '0' });
  response.end();
}

function fail(response: ServerResponse, status: number, type: string, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({ Type: 'User', message });
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': randomUUID(),
    'Content-Length': String(Buffer.byteLength(body)),
  });
  response.end(body);
}
