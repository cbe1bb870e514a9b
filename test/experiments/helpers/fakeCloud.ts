import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake edge received, named by service and operation. */
export interface CloudRequest {
  service: 's3' | 'cloudwatch' | 'logs' | 'lambda' | 'sts' | 'iam' | 'dynamodb' | 'health';
  operation: string;
  method: string;
  url: string;
  body: string;
}

/** An answer; undefined lets the default happen (S3: forward to the real emulator). */
export type CloudAnswer =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'hang-up' }
  | undefined;

/** A loopback stand-in for LocalStack's edge (or for AWS through AWS_ENDPOINT_URL). */
export interface FakeCloud {
  endpoint: string;
  requests: CloudRequest[];
  close(): Promise<void>;
}

const CALLER = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/tester</Arn><UserId>AIDATEST</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

function identify(req: IncomingMessage, body: string): Omit<CloudRequest, 'method' | 'url'> {
  const url = req.url ?? '/';
  const target = String(req.headers['x-amz-target'] ?? '');
  if (url.startsWith('/_localstack/health'))
    return { service: 'health', operation: 'health', body };
  if (target.startsWith('GraniteServiceVersion20100801.'))
    return { service: 'cloudwatch', operation: target.split('.')[1]!, body };
  if (target.startsWith('Logs_20140328.'))
    return { service: 'logs', operation: target.split('.')[1]!, body };
  if (target.startsWith('DynamoDB_20120810.'))
    return { service: 'dynamodb', operation: target.split('.')[1]!, body };
  if (/^\/20\d\d-\d\d-\d\d\/functions\//.test(url)) {
    const operation = url.endsWith('/configuration')
      ? 'GetFunctionConfiguration'
      : url.endsWith('/concurrency')
        ? 'GetFunctionConcurrency'
        : `${req.method} ${url}`;
    return { service: 'lambda', operation, body };
  }
  const action = /(?:^|&)Action=(\w+)/.exec(body)?.[1];
  if (req.method === 'POST' && url === '/' && action !== undefined)
    return { service: action === 'GetCallerIdentity' ? 'sts' : 'iam', operation: action, body };
  return { service: 's3', operation: `${req.method} ${url}`, body };
}

/**
 * Starts the fake edge on 127.0.0.1:0. It answers LocalStack's health and STS GetCallerIdentity
 * itself, forwards S3 to a real S3 emulator (`s3Upstream`, signature and all), and asks
 * `answer` for everything else (CloudWatch, CloudWatch Logs, Lambda: what no emulator here
 * serves); an unanswered call gets HTTP 501.
 */
export async function startFakeCloud(options: {
  s3Upstream?: string;
  answer?: (req: CloudRequest) => CloudAnswer;
}): Promise<FakeCloud> {
  const requests: CloudRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen = {
        ...identify(req, body.toString('utf8')),
        method: req.method ?? 'GET',
        url: req.url ?? '/',
      };
      requests.push(seen);
      const answer = options.answer?.(seen);
      if (answer !== undefined && 'kind' in answer) {
        req.socket.destroy();
        return;
      }
      if (answer !== undefined) {
        res.writeHead(answer.status, answer.headers ?? { 'content-type': 'application/json' });
        res.end(answer.body ?? '');
        return;
      }
      if (seen.service === 'health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ services: { s3: 'running', lambda: 'available' } }));
        return;
      }
      if (seen.service === 'sts') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(CALLER);
        return;
      }
      if (seen.service === 's3' && options.s3Upstream !== undefined) {
        const upstream = new URL(options.s3Upstream);
        const forward = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answerRes) => {
            res.writeHead(answerRes.statusCode ?? 502, answerRes.headers);
            answerRes.pipe(res);
          },
        );
        forward.on('error', () => res.destroy());
        forward.end(body);
        return;
      }
      res.writeHead(501, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake cloud: no answer for ${seen.operation}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
