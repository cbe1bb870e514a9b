import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request (n counts from 1). */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body: string }
  /** Forward, send the response headers and the first `bytes` of the body, then stall. */
  | { kind: 'stall-body'; bytes: number }
  /** Read the request, never forward it and never answer (a peer that died mid-call). */
  | { kind: 'hang' };

/** A loopback HTTP proxy that injects faults in front of an emulator. */
export interface FaultProxy {
  endpoint: string;
  /** Requests seen so far. */
  readonly count: number;
  close(): Promise<void>;
}

/**
 * Starts a proxy on 127.0.0.1:0 forwarding to `target` unless `decide` injects a fault. A
 * function target is read at each request (for an emulator that starts after the proxy).
 */
export async function startFaultProxy(
  target: string | (() => string),
  decide: (n: number, req: IncomingMessage) => Fault,
): Promise<FaultProxy> {
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    count += 1;
    const url = new URL(typeof target === 'string' ? target : target());
    const fault = decide(count, req);
    if (fault.kind === 'hang') {
      req.resume();
      return;
    }
    if (fault.kind === 'respond') {
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status, {
          'content-type': 'application/x-amz-json-1.0',
          ...fault.headers,
        });
        res.end(fault.body);
      });
      return;
    }
    const upstream = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (fault.kind === 'pass') {
          upstreamRes.pipe(res);
          return;
        }
        let sent = 0;
        upstreamRes.on('data', (chunk: Buffer) => {
          if (sent >= fault.bytes) return;
          const part = chunk.subarray(0, fault.bytes - sent);
          sent += part.length;
          res.write(part);
          if (sent >= fault.bytes) upstreamRes.pause();
        });
        res.on('close', () => upstreamRes.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
