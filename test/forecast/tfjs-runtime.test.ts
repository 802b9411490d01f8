import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTfjs } from '../../src/forecast/tfjs-runtime.ts';

describe('tfjs runtime', () => {
  it('leaves no global error handlers behind', async () => {
    const uncaught = process.listenerCount('uncaughtException');
    const rejections = process.listenerCount('unhandledRejection');

    const tf = await loadTfjs();

    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(process.listenerCount('uncaughtException'), uncaught);
    assert.equal(process.listenerCount('unhandledRejection'), rejections);
  });
});
