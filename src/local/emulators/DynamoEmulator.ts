import type { Emulator } from './S3Emulator.js';

/** One DynamoDB API request as the emulator served it. */
export interface DynamoRequest {
  /** API operation from `X-Amz-Target`, e.g. `PutItem`. */
  operation: string;
  statusCode: number;
  /** Server-side time from request arrival to the response's last byte. */
  durationMs: number;
}

/** Listener for served DynamoDB requests. */
export type DynamoRequestListener = (request: DynamoRequest) => void;

/** A DynamoDB emulator that reports each request's server-side latency. */
export interface DynamoEmulator extends Emulator {
  /** Subscribes to served requests; returns the unsubscribe function. */
  onRequest(listener: DynamoRequestListener): () => void;
}
