import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runForecast } from '../../src/forecast/index.ts';
import { load2330Bars, perturbLast, predictionsBefore } from './support.ts';

const bars = load2330Bars();

// A tiny network and two epochs keep each run well under a second; the
// behaviour tested here does not depend on the model's size.
const tiny = { epochs: 2, units: 4, seed: 11 };

describe('runForecast lstm', () => {
  it('forecasts the day after 2330 data', async () => {
    const result = await runForecast(bars, 'lstm', tiny);
    assert.equal(result.model, 'lstm');
    assert.equal(result.lastDate, '2023-11-15');
    assert.equal(result.lastClose, 581);
    assert.equal(result.forDate, '2023-11-16');
    assert.ok(Number.isFinite(result.nextClose), `nextClose ${result.nextClose}`);
    assert.equal(result.trainingLoss?.length, 2);
  });

  it('backtests the newest 30 % of days', async () => {
    // 190 days: the newest 190 − ⌊0.7·190⌋ = 57 are tested.
    const { backtest } = await runForecast(bars, 'lstm', tiny);
    assert.equal(backtest.dates.length, 57);
    assert.equal(backtest.dates.at(-1), '2023-11-15');
    assert.equal(backtest.actual.at(-1), 581);
    assert.equal(backtest.naive.at(-1), 572);
  });

  it('repeats with the same seed', async () => {
    const first = await runForecast(bars, 'lstm', tiny);
    const second = await runForecast(bars, 'lstm', tiny);
    assert.equal(second.nextClose, first.nextClose);
    assert.deepEqual(second.backtest, first.backtest);
    assert.deepEqual(second.trainingLoss, first.trainingLoss);
  });

  it('changes with another seed', async () => {
    const first = await runForecast(bars, 'lstm', tiny);
    const other = await runForecast(bars, 'lstm', { ...tiny, seed: 12 });
    assert.notDeepEqual(other.backtest.predicted, first.backtest.predicted);
  });

  it('ignores bars after each prediction', async () => {
    // The newest 20 bars lie inside the 57 backtest days.
    const perturbed = perturbLast(bars, 20, 1.5);
    const firstPerturbedDate = bars[bars.length - 20]?.date as string;
    const original = await runForecast(bars, 'lstm', tiny);
    const changed = await runForecast(perturbed, 'lstm', tiny);

    const before = predictionsBefore(original.backtest, firstPerturbedDate);
    assert.equal(before.length, 37);
    assert.deepEqual(predictionsBefore(changed.backtest, firstPerturbedDate), before);
    assert.notEqual(changed.nextClose, original.nextClose);
  });

  it('reports progress per epoch', async () => {
    const seen: string[] = [];
    await runForecast(bars, 'lstm', { ...tiny, onProgress: ({ phase, done, total }) => seen.push(`${phase} ${done}/${total}`) });
    assert.deepEqual(seen, ['backtest 1/2', 'backtest 2/2', 'final 1/2', 'final 2/2']);
  });
});
