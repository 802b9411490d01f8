import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loads TensorFlow.js on the WebAssembly backend, once per process. Callers
 * import this module lazily, so processes that never forecast with the LSTM
 * never load tfjs. The .wasm binaries ship inside the
 * @tensorflow/tfjs-backend-wasm package and are read from node_modules by
 * file path: nothing is fetched over the network. The wasm backend trained
 * the original LSTM about 5 times faster than tfjs's plain JavaScript CPU
 * backend here (104 s against 524 s for 100 epochs).
 */

export type Tfjs = typeof import('@tensorflow/tfjs');

let loading: Promise<Tfjs> | null = null;

export function loadTfjs(): Promise<Tfjs> {
  loading ??= initialise();
  return loading;
}

/**
 * The backend's Emscripten glue adds process handlers that rethrow every
 * uncaught exception and unhandled rejection, which would override the
 * app's own handling for the rest of the process; they are removed again.
 */
const GLOBAL_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

async function initialise(): Promise<Tfjs> {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(GLOBAL_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await load();
  } finally {
    for (const event of GLOBAL_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) {
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
        }
      }
    }
  }
}

async function load(): Promise<Tfjs> {
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');

  // The package's main file sits in dist/, beside the three .wasm binaries.
  const require = createRequire(import.meta.url);
  const distDirectory = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(`${join(distDirectory, '/')}`);

  const ready = await tf.setBackend('wasm');
  if (!ready) {
    throw new Error(`tfjs wasm backend failed to initialise from ${distDirectory}`);
  }

  return tf;
}
