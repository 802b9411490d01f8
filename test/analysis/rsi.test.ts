import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { rsi, rsiLookback } from '../../src/analysis/rsi.ts';

const CLOSE_TO = 1e-9;

describe('rsi', () => {
  it('seeds with simple averages', () => {
    // Period 3 on 10, 11, 11, 11, 10, 12. Changes: +1, 0, 0, −1, +2.
    // index 3: gain (1+0+0)/3 = 1/3, loss 0 → 100·(1/3)/(1/3) = 100
    const values = rsi([10, 11, 11, 11, 10, 12], 3);
    assert.deepEqual(values.slice(0, 3), [Number.NaN, Number.NaN, Number.NaN]);
    assert.equal(values[3], 100);
  });

  it('smooths the Wilder way', () => {
    // index 4, change −1: loss (0·2 + 1)/3 = 1/3, gain (1/3·2 + 0)/3 = 2/9
    //   → 100·(2/9)/(2/9 + 3/9) = 40
    // index 5, change +2: gain (2/9·2 + 2)/3 = 22/27, loss (1/3·2)/3 = 6/27
    //   → 100·22/28 = 78.571428571…
    const values = rsi([10, 11, 11, 11, 10, 12], 3);
    assert.ok(Math.abs((values[4] as number) - 40) < CLOSE_TO, `got ${values[4]}`);
    assert.ok(Math.abs((values[5] as number) - 78.57142857142857) < CLOSE_TO, `got ${values[5]}`);
  });

  it('keeps 100 through a flat run', () => {
    // Period 2 on 1, 2, 2, 2: gain 1/2 then 1/4 then 1/8, loss 0.
    assert.deepEqual(rsi([1, 2, 2, 2], 2).slice(2), [100, 100]);
  });

  it('is 0 without movement', () => {
    const flat = new Array<number>(20).fill(593);
    const values = rsi(flat);
    assert.equal(values[14], 0);
    assert.equal(values[19], 0);
  });

  it('has lookback of period', () => {
    assert.equal(rsiLookback(), 14);
    assert.equal(rsiLookback(6), 6);
    assert.ok(Number.isNaN(rsi(new Array<number>(14).fill(1)).at(-1)));
  });

  it('rejects period 1', () => {
    assert.throws(() => rsi([1, 2, 3], 1), RangeError);
  });
});
