import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runForecast } from '../../src/forecast/index.ts';
import { trainForest } from '../../src/forecast/random-forest.ts';
import type { Bar } from '../../src/market/types.ts';
import { load2330Bars, perturbLast, predictionsBefore } from './support.ts';

const bars = load2330Bars();
const small = { trees: 8, seed: 7 };

/** 200 weekdays from Monday 2024-01-01 with close 100 + i, so every daily move is +1. */
function risingBars(): Bar[] {
  const result: Bar[] = [];
  const day = new Date('2024-01-01T00:00:00Z');
  while (result.length < 200) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
      const close = 100 + result.length;
      result.push({ date: day.toISOString().slice(0, 10), open: close, high: close + 1, low: close - 1, close, volume: 1000 });
    }

    day.setUTCDate(day.getUTCDate() + 1);
  }

  return result;
}

describe('runForecast rf', () => {
  it('forecasts the day after 2330 data', async () => {
    const result = await runForecast(bars, 'rf', small);
    assert.equal(result.model, 'rf');
    assert.equal(result.lastDate, '2023-11-15');
    assert.equal(result.lastClose, 581);
    assert.equal(result.forDate, '2023-11-16');
    assert.ok(result.nextClose > 400, `nextClose ${result.nextClose}`);
    assert.ok(result.nextClose < 800, `nextClose ${result.nextClose}`);
    assert.equal(result.trainingLoss, undefined);
  });

  it('backtests the newest 30 % of rows', async () => {
    // 750 rows, 749 with a next close: the newest 749 − ⌊0.7·749⌋ = 225 are tested.
    const { backtest } = await runForecast(bars, 'rf', small);
    assert.equal(backtest.dates.length, 225);
    assert.equal(backtest.dates.at(-1), '2023-11-15');
    assert.equal(backtest.actual.at(-1), 581);
    assert.equal(backtest.naive.at(-1), 572);
    assert.equal(backtest.model.count, 225);
  });

  it('builds the naive forecast from previous closes', async () => {
    const rising = risingBars();
    const { backtest } = await runForecast(rising, 'rf', small);

    // Rows start at bar 59 (MA60 warm-up): 140 labelled rows, the newest 42 tested, dated bars 158–199.
    assert.equal(backtest.dates.length, 42);
    assert.equal(backtest.dates[0], rising[158]?.date);
    assert.deepEqual(backtest.actual, rising.slice(158).map((bar) => bar.close));
    assert.deepEqual(backtest.naive, rising.slice(157, 199).map((bar) => bar.close));
    assert.equal(backtest.naiveMetrics.rmse, 1);
    assert.equal(backtest.naiveMetrics.mae, 1);
    assert.equal(backtest.naiveMetrics.directionAccuracy, 0);
  });

  it('repeats with the same seed', async () => {
    const first = await runForecast(bars, 'rf', small);
    const second = await runForecast(bars, 'rf', small);
    assert.equal(second.nextClose, first.nextClose);
    assert.deepEqual(second.backtest, first.backtest);
  });

  it('changes with another seed', async () => {
    const first = await runForecast(bars, 'rf', small);
    const other = await runForecast(bars, 'rf', { ...small, seed: 8 });
    assert.notDeepEqual(other.backtest.predicted, first.backtest.predicted);
  });

  it('ignores bars after each prediction', async () => {
    // The newest 100 bars lie inside the 225 backtest days; scaling them must not move earlier predictions.
    const perturbed = perturbLast(bars, 100, 1.5);
    const firstPerturbedDate = bars[bars.length - 100]?.date as string;
    const original = await runForecast(bars, 'rf', small);
    const changed = await runForecast(perturbed, 'rf', small);

    const before = predictionsBefore(original.backtest, firstPerturbedDate);
    assert.equal(before.length, 125);
    assert.deepEqual(predictionsBefore(changed.backtest, firstPerturbedDate), before);
    assert.notEqual(changed.nextClose, original.nextClose);
  });

  it('rejects a short history', async () => {
    await assert.rejects(runForecast(bars.slice(-100), 'rf', small), RangeError);
  });
});

describe('trainForest', () => {
  it('splits adjacent doubles', { timeout: 5000 }, () => {
    // The midpoint of 1 + 2⁻⁵² and 1 + 2⁻⁵¹ rounds to the upper value, so a
    // midpoint threshold would send every row left and never finish.
    const lower = 1 + 2 ** -52;
    const upper = 1 + 2 ** -51;
    const rows = Array.from({ length: 20 }, (_, i) => [i % 2 === 0 ? lower : upper]);
    const targets = rows.map(([value]) => (value === lower ? 0 : 10));
    const forest = trainForest(rows, targets, { trees: 1, seed: 3 });
    assert.equal(forest.predict([lower]), 0);
    assert.equal(forest.predict([upper]), 10);
  });
});
