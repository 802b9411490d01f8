import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bbands, bbandsLookback } from '../../src/analysis/bbands.ts';

describe('bbands', () => {
  it('uses population standard deviation', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares sum 232, 232/8 − 5² = 4, SD 2.
    // (The sample SD, dividing by 7, would be 2.138….) Bands 5 ± 2·2.
    const result = bbands([2, 4, 4, 4, 5, 5, 7, 9], { period: 8 });
    assert.equal(result.middle[7], 5);
    assert.equal(result.upper[7], 9);
    assert.equal(result.lower[7], 1);
  });

  it('applies separate multipliers', () => {
    // Same window, SD 2: upper 5 + 1·2 = 7, lower 5 − 1.5·2 = 2.
    const result = bbands([2, 4, 4, 4, 5, 5, 7, 9], { period: 8, deviationsUp: 1, deviationsDown: 1.5 });
    assert.equal(result.upper[7], 7);
    assert.equal(result.lower[7], 2);
  });

  it('collapses on a flat window', () => {
    const result = bbands(new Array<number>(20).fill(100.1));
    assert.equal(result.upper[19], result.middle[19]);
    assert.equal(result.lower[19], result.middle[19]);
  });

  it('has lookback 19 by default', () => {
    assert.equal(bbandsLookback(), 19);
    const result = bbands(new Array<number>(19).fill(1));
    assert.ok(result.upper.every(Number.isNaN));
  });

  it('rejects invalid options', () => {
    assert.throws(() => bbands([1, 2, 3], { period: 1 }), RangeError);
    assert.throws(() => bbands([1, 2, 3], { deviationsUp: Number.NaN }), RangeError);
  });
});
