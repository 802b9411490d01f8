import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { macd, macdLookback } from '../../src/analysis/macd.ts';

const CLOSE_TO = 1e-12;
const SMALL = { fastPeriod: 2, slowPeriod: 3, signalPeriod: 2 } as const;
const SERIES = [1, 4, 2, 4, 5, 7, 6];

function assertClose(actual: number | undefined, expected: number, label: string): void {
  assert.notEqual(actual, undefined, `${label}: missing`);
  assert.ok(Math.abs((actual as number) - expected) < CLOSE_TO, `${label}: got ${actual}, expected ${expected}`);
}

describe('macd', () => {
  // Fast 2 (k = 2/3), slow 3 (k = 1/2), signal 2 (k = 2/3) on 1, 4, 2, 4, 5, 7, 6.
  // Bar 2: slow seed (1+4+2)/3 = 7/3, fast seed (4+2)/2 = 3 (the 2 bars ending
  //   at bar 2, not bars 0–1), MACD 3 − 7/3 = 2/3.
  // Bar 3: fast (4−3)·2/3 + 3 = 11/3, slow (4−7/3)/2 + 7/3 = 19/6, MACD 1/2.
  //   Signal seed (2/3 + 1/2)/2 = 7/12, histogram 1/2 − 7/12 = −1/12.
  // Later bars, computed the same way with exact fractions:
  //   bar 4: MACD 17/36, signal 55/108, histogram −1/27
  //   bar 5: MACD 139/216, signal 97/162, histogram 29/648
  //   bar 6: MACD 377/1296, signal 85/216, histogram −133/1296
  it('starts all outputs together', () => {
    const result = macd(SERIES, SMALL);
    for (const series of [result.macd, result.signal, result.histogram]) {
      assert.deepEqual(series.slice(0, 3), [Number.NaN, Number.NaN, Number.NaN]);
      assert.ok(!Number.isNaN(series[3]));
    }
  });

  it('seeds fast EMA at slow seed', () => {
    const result = macd(SERIES, SMALL);
    assertClose(result.macd[3], 1 / 2, 'macd[3]');
    assertClose(result.signal[3], 7 / 12, 'signal[3]');
    assertClose(result.histogram[3], -1 / 12, 'histogram[3]');
    // Seeding the fast EMA at bar 1 instead would give MACD 41/108 at bar 3.
    assert.ok(Math.abs((result.macd[3] as number) - 41 / 108) > 0.1);
  });

  it('continues both EMAs', () => {
    const result = macd(SERIES, SMALL);
    assertClose(result.macd[4], 17 / 36, 'macd[4]');
    assertClose(result.signal[4], 55 / 108, 'signal[4]');
    assertClose(result.macd[5], 139 / 216, 'macd[5]');
    assertClose(result.signal[5], 97 / 162, 'signal[5]');
    assertClose(result.histogram[5], 29 / 648, 'histogram[5]');
    assertClose(result.macd[6], 377 / 1296, 'macd[6]');
    assertClose(result.signal[6], 85 / 216, 'signal[6]');
    assertClose(result.histogram[6], -133 / 1296, 'histogram[6]');
  });

  it('swaps fast and slow', () => {
    const swapped = macd(SERIES, { fastPeriod: 3, slowPeriod: 2, signalPeriod: 2 });
    assert.deepEqual(swapped, macd(SERIES, SMALL));
  });

  it('has lookback 33 by default', () => {
    assert.equal(macdLookback(), 33);
    assert.equal(macdLookback(SMALL), 3);
    const short = macd(new Array<number>(33).fill(1));
    assert.ok(short.macd.every(Number.isNaN));
  });

  it('rejects invalid periods', () => {
    assert.throws(() => macd(SERIES, { fastPeriod: 1 }), RangeError);
    assert.throws(() => macd(SERIES, { signalPeriod: 0 }), RangeError);
  });
});
