import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { stoch, stochLookback } from '../../src/analysis/stoch.ts';

describe('stoch', () => {
  it('is 0 on a flat range', () => {
    // High = low = close on every bar: the range is 0, so fast %K is 0.
    const flat = new Array<number>(9).fill(100);
    const result = stoch(flat, flat, flat);
    assert.deepEqual(result.fastK.slice(4), [0, 0, 0, 0, 0]);
    assert.equal(result.slowK[8], 0);
    assert.equal(result.slowD[8], 0);
  });

  it('uses the window extremes', () => {
    // high 10…18, low = high − 2, close = high − 1. For each bar from 4 on,
    // highest high = high[i], lowest low = low[i−4] = high[i] − 6, so
    // fast %K = (5) / (6/100) = 83.33…, and both SMAs keep that value.
    const high = [10, 11, 12, 13, 14, 15, 16, 17, 18];
    const low = high.map((value) => value - 2);
    const close = high.map((value) => value - 1);
    const result = stoch(high, low, close);
    const expected = 5 / (6 / 100);
    assert.equal(result.fastK[4], expected);
    assert.ok(Math.abs((result.slowK[8] as number) - 83.33333333333333) < 1e-9);
    assert.ok(Math.abs((result.slowD[8] as number) - 83.33333333333333) < 1e-9);
  });

  it('starts slow K with slow D', () => {
    const high = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    const result = stoch(high, high, high);
    assert.ok(Number.isNaN(result.slowK[7]));
    assert.ok(Number.isNaN(result.slowD[7]));
    assert.ok(!Number.isNaN(result.slowK[8]));
    assert.ok(!Number.isNaN(result.slowD[8]));
  });

  it('has lookback 8 by default', () => {
    assert.equal(stochLookback(), 8);
    assert.equal(stochLookback({ fastKPeriod: 9, slowKPeriod: 3, slowDPeriod: 3 }), 12);
  });

  it('rejects unequal lengths', () => {
    assert.throws(() => stoch([1, 2], [1], [1, 2]), RangeError);
  });
});
