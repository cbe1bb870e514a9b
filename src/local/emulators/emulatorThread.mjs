// Runs one emulator (s3rver or dynalite) in a worker thread, so its request handling and file
// I/O do not compete with the local runtime on the main thread. Plain JavaScript: it loads the
// TypeScript emulator through tsx's isolated importer.
// Protocol (parentPort):
//   -> { type: 'started', endpoint } | { type: 'start-error', error }
//   -> { type: 'event', event } (S3 object events) | { type: 'request', request } (DynamoDB)
//   <- { type: 'stop' }  -> { type: 'stopped' }
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { kind, options } = workerData;
const modules = {
  s3: ['./S3rverEmulator.ts', 'S3rverEmulator'],
  dynamodb: ['./DynaliteEmulator.ts', 'DynaliteEmulator'],
};
const [path, exportName] = modules[kind];

let emulator;
try {
  const module = await tsImport(path, import.meta.url);
  emulator = new module[exportName](options);
  if (kind === 's3') {
    emulator.onObjectEvent((event) => parentPort.postMessage({ type: 'event', event }));
  } else {
    emulator.onRequest((request) => parentPort.postMessage({ type: 'request', request }));
  }
  const endpoint = await emulator.start();
  parentPort.postMessage({ type: 'started', endpoint });
} catch (error) {
  parentPort.postMessage({
    type: 'start-error',
    error: { name: error?.name, message: error?.message, cause: error?.cause?.message },
  });
}

parentPort.on('message', async (message) => {
  if (message.type !== 'stop') return;
  try {
    await emulator?.stop();
  } finally {
    parentPort.postMessage({ type: 'stopped' });
    parentPort.close();
  }
});
