// Runs inside a worker thread: the Lambda "execution environment" of the local runtime.
// Plain JavaScript on purpose: it must load without TypeScript tooling in the worker.
// Protocol (parentPort):
//   -> { type: 'ready', initMs } | { type: 'init-error', error }
//   <- { type: 'invoke', id, event, context: { awsRequestId, deadlineMs, ... } }
//   -> { type: 'result', id, ok, value | error, durationMs, memoryMb }
// Before each result the worker writes `${marker}${id}\n` to stdout and stderr, so the parent
// knows it has every log line of the invocation (stdio and messages travel on different ports).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

const { bundlePath, handlerName, marker } = workerData;

/** Serialises anything thrown the way the Node.js Lambda runtime reports it. */
function toFunctionError(thrown, fallbackType = 'Error') {
  if (thrown instanceof Error) {
    return {
      errorType: thrown.name || fallbackType,
      errorMessage: thrown.message,
      trace: String(thrown.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

function memoryMb() {
  const heap = getHeapStatistics();
  return Math.ceil((heap.total_heap_size + (heap.external_memory ?? 0)) / (1024 * 1024));
}

function writeMarker(stream, id) {
  return new Promise((resolve) => stream.write(`${marker}${id}\n`, () => resolve()));
}

/** Calls an async handler, or a callback-style one (three parameters). */
function call(handler, event, context) {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const result = handler(event, context, (error, value) =>
        error ? reject(error) : resolve(value),
      );
      if (result && typeof result.then === 'function') result.then(resolve, reject);
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

let handler;
const initStarted = performance.now();
try {
  const module = await import(pathToFileURL(bundlePath).href);
  handler = module[handlerName];
  if (typeof handler !== 'function') {
    const error = new Error(`index.${handlerName} is undefined or not exported`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  parentPort.postMessage({ type: 'ready', initMs: performance.now() - initStarted });
} catch (error) {
  const reported = toFunctionError(error, 'Runtime.ImportModuleError');
  if (reported.errorType === 'Error' || reported.errorType === 'SyntaxError') {
    reported.errorType = 'Runtime.ImportModuleError';
  }
  parentPort.postMessage({ type: 'init-error', error: reported });
}

parentPort.on('message', async (message) => {
  if (message.type !== 'invoke' || !handler) return;
  const { id, event, context: data } = message;
  const context = {
    ...data,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, data.deadlineMs - Date.now()),
  };
  delete context.deadlineMs;
  const started = performance.now();
  let reply;
  try {
    const value = await call(handler, event, context);
    reply = { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    reply = { ok: false, error: toFunctionError(error) };
  }
  const durationMs = performance.now() - started;
  await Promise.all([writeMarker(process.stdout, id), writeMarker(process.stderr, id)]);
  try {
    parentPort.postMessage({ type: 'result', id, durationMs, memoryMb: memoryMb(), ...reply });
  } catch {
    // the value cannot be cloned: report it like Lambda reports an unserialisable response
    parentPort.postMessage({
      type: 'result',
      id,
      durationMs,
      memoryMb: memoryMb(),
      ok: false,
      error: {
        errorType: 'Runtime.MarshalError',
        errorMessage: 'Unable to marshal response',
        trace: [],
      },
    });
  }
});
