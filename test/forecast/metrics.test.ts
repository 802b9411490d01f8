import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { metrics, nextTradingDate } from '../../src/forecast/index.ts';

// Four days worked by hand. Errors +1, −2, 0, −5 against actuals 10, 20, 25, 50.
const actual = [10, 20, 25, 50];
const predicted = [11, 18, 25, 45];
const previous = [9, 22, 20, 50];

describe('metrics', () => {
  it('computes RMSE from squared errors', () => {
    // (1 + 4 + 0 + 25) / 4 = 7.5, √7.5 = 2.7386127875…
    assert.ok(Math.abs(metrics(actual, predicted, previous).rmse - 2.7386127875258306) < 1e-12);
  });

  it('computes MAE and MAPE', () => {
    const result = metrics(actual, predicted, previous);
    // (1 + 2 + 0 + 5) / 4 = 2. (0.1 + 0.1 + 0 + 0.1) / 4 = 7.5 %.
    assert.equal(result.mae, 2);
    assert.ok(Math.abs(result.mape - 7.5) < 1e-12);
    assert.equal(result.count, 4);
  });

  it('scores direction against previous close', () => {
    // Predicted moves +2, −4, +5, −5; actual moves +1, −2, +5, 0: the last is wrong.
    assert.equal(metrics(actual, predicted, previous).directionAccuracy, 0.75);
  });

  it('scores naive forecast on literal data', () => {
    // Naive = previous close: errors −1, +2, −5, 0.
    const result = metrics(actual, previous, previous);
    assert.ok(Math.abs(result.rmse - 2.7386127875258306) < 1e-12);
    assert.equal(result.mae, 2);
    assert.ok(Math.abs(result.mape - 10) < 1e-12);
    // A zero predicted move is right only on the flat fourth day.
    assert.equal(result.directionAccuracy, 0.25);
  });

  it('rejects arrays of different lengths', () => {
    assert.throws(() => metrics([1, 2], [1], [1, 2]), RangeError);
  });
});

describe('nextTradingDate', () => {
  it('moves Wednesday to Thursday', () => {
    assert.equal(nextTradingDate('2023-11-15'), '2023-11-16');
  });

  it('skips the weekend', () => {
    assert.equal(nextTradingDate('2023-11-17'), '2023-11-20');
  });

  it('skips listed 2026 holidays', () => {
    // 2026-02-12 to 02-20 are closed for the Lunar New Year; 02-14/15 are a weekend.
    assert.equal(nextTradingDate('2026-02-11'), '2026-02-23');
  });
});
