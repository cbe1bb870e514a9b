/** S3 event names the local target produces (the `eventName` of an S3 event record). */
export const S3EventName = {
  Put: 'ObjectCreated:Put',
  Post: 'ObjectCreated:Post',
  Copy: 'ObjectCreated:Copy',
  CompleteMultipartUpload: 'ObjectCreated:CompleteMultipartUpload',
  Delete: 'ObjectRemoved:Delete',
} as const;

export type S3EventName = (typeof S3EventName)[keyof typeof S3EventName];

/** One object change as an emulator saw it: the key is raw (not URL-encoded). */
export interface ObjectEvent {
  bucket: string;
  key: string;
  eventName: S3EventName;
  eventTime: Date;
  size?: number;
  eTag?: string;
  sourceIp?: string;
}

/**
 * Listener for object changes. It is called synchronously inside the request that changed the
 * object, after the store has it and before the response is sent, so whatever it records
 * synchronously is recorded before the client's 200 (a throw fails the request with a 500).
 * `answered` resolves once the response has gone out: true when it was a success (2xx).
 */
export type ObjectEventListener = (event: ObjectEvent, answered: Promise<boolean>) => void;

/** Where an emulator listens and keeps its data. */
export interface EmulatorOptions {
  /** Data directory; created if missing. */
  directory: string;
  /** Loopback address (default 127.0.0.1). */
  host?: string;
  /** TCP port; 0 picks an ephemeral one. */
  port?: number;
}

/** A running local service reached over HTTP. */
export interface Emulator {
  /** `http://host:port` once started. */
  readonly endpoint: string;
  /** Starts listening; resolves with the endpoint. */
  start(): Promise<string>;
  /** Stops listening, closes open connections and the store. Idempotent. */
  stop(): Promise<void>;
}

/** An S3 emulator that reports object changes. */
export interface S3Emulator extends Emulator {
  /** Subscribes to object changes; returns the unsubscribe function. */
  onObjectEvent(listener: ObjectEventListener): () => void;
}
