import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ema, emaLookback } from '../../src/analysis/ema.ts';
import { sma, smaLookback } from '../../src/analysis/sma.ts';

// The two lookback positions of a period-3 average.
const LOOKBACK_NAN = [Number.NaN, Number.NaN];

describe('sma', () => {
  it('averages 1 to 10 over 3', () => {
    // (1+2+3)/3 = 2, (2+3+4)/3 = 3, … (8+9+10)/3 = 9
    assert.deepEqual(sma([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3), [...LOOKBACK_NAN, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('averages 1 to 10 over 10', () => {
    // 55 / 10
    assert.deepEqual(sma([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10).at(-1), 5.5);
  });

  it('returns input for period 1', () => {
    assert.deepEqual(sma([3, 1, 4], 1), [3, 1, 4]);
  });

  it('is all NaN when too short', () => {
    assert.deepEqual(sma([1, 2], 3), [Number.NaN, Number.NaN]);
    assert.deepEqual(sma([], 3), []);
  });

  it('has lookback period minus one', () => {
    assert.equal(smaLookback(20), 19);
    assert.equal(smaLookback(1), 0);
  });

  it('rejects invalid periods', () => {
    assert.throws(() => sma([1, 2, 3], 0), RangeError);
    assert.throws(() => sma([1, 2, 3], 2.5), RangeError);
    assert.throws(() => smaLookback(100_001), RangeError);
  });
});

describe('ema', () => {
  it('seeds with the SMA', () => {
    // Period 3, k = 2/(3+1) = 0.5.
    // seed at index 2: (2+4+6)/3 = 4
    // index 3: (8 − 4)·0.5 + 4 = 6
    // index 4: (3 − 6)·0.5 + 6 = 4.5
    assert.deepEqual(ema([2, 4, 6, 8, 3], 3), [...LOOKBACK_NAN, 4, 6, 4.5]);
  });

  it('does not seed with the first value', () => {
    // Seeding with 2 (Metastock style) would give index 2 = 3.75, index 3 = 5.875.
    const values = ema([2, 4, 6, 8], 3);
    assert.notEqual(values[2], 3.75);
    assert.equal(values[2], 4);
  });

  it('uses k of 2/(period+1)', () => {
    // Period 4, k = 0.4. Seed (1+2+3+6)/4 = 3; next (8 − 3)·0.4 + 3 = 5.
    assert.deepEqual(ema([1, 2, 3, 6, 8], 4).slice(3), [3, 5]);
  });

  it('has lookback period minus one', () => {
    assert.equal(emaLookback(12), 11);
    assert.deepEqual(ema([1, 2], 3), [Number.NaN, Number.NaN]);
  });
});
