import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ForecastResult, Metrics } from '../../src/forecast/index.ts';
import { forecastText } from '../../src/jobs/forecast-content.ts';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };

function metrics(rmse: number, mae: number, mape: number, directionAccuracy: number): Metrics {
  return { rmse, mae, mape, directionAccuracy, count: 1779 };
}

const RESULT: ForecastResult = {
  model: 'rf',
  nextClose: 583.4172,
  forDate: '2023-11-16',
  lastClose: 581,
  lastDate: '2023-11-15',
  backtest: {
    dates: [],
    actual: [],
    predicted: [],
    naive: [],
    model: metrics(9.3512, 6.5, 1.2, 0.5),
    naiveMetrics: metrics(7.9, 5.1034, 0.9, 0),
  },
  durationMs: 1200,
  betterThanNaive: false,
};

function lines(text: string): string[] {
  return text.split('\n');
}

describe('forecastText', () => {
  it('gives forecast and close two places', () => {
    assert.equal(lines(forecastText(TSMC, RESULT))[1], '預測 2023-11-16 收盤價：583.42（最新收盤 581.00，2023-11-15）');
  });

  it('gives every metric two places', () => {
    const text = lines(forecastText(TSMC, RESULT));
    assert.equal(text[4], '・隨機森林：RMSE 9.35、MAE 6.50、MAPE 1.20%、漲跌方向正確率 50.00%');
    assert.equal(text[5], '・天真預測（明天收盤 = 今天收盤）：RMSE 7.90、MAE 5.10、MAPE 0.90%');
  });

  it('places the backtest in the history', () => {
    const heading = lines(forecastText(TSMC, RESULT))[3];
    assert.equal(heading, '回測（歷史資料中最近 30% 的交易日，共 1779 天，每天只用當時以前的資料）：');
    assert.doesNotMatch(heading ?? '', /訓練資料/);
  });

  it('warns when the naive forecast wins', () => {
    assert.match(forecastText(TSMC, RESULT), /⚠️ 隨機森林的回測誤差（RMSE）比天真預測還大/);
  });

  it('credits a model with smaller RMSE', () => {
    const better = { ...RESULT, backtest: { ...RESULT.backtest, model: metrics(7.1, 6.5, 1.2, 0.5) }, betterThanNaive: true };
    assert.match(forecastText(TSMC, better), /隨機森林的回測誤差（RMSE）比天真預測小。/);
  });

  it('calls a tie at two places no better', () => {
    const ties: [number, number][] = [
      [7.5512, 7.5489],
      [7.5489, 7.5512],
      [7.55, 7.55],
    ];
    for (const [modelRmse, naiveRmse] of ties) {
      const tie: ForecastResult = {
        ...RESULT,
        model: 'lstm',
        backtest: { ...RESULT.backtest, model: metrics(modelRmse, 6.5, 1.2, 0.5), naiveMetrics: metrics(naiveRmse, 5.1, 0.9, 0) },
        betterThanNaive: modelRmse < naiveRmse,
      };
      const text = forecastText(TSMC, tie);
      const label = `${modelRmse} vs ${naiveRmse}`;

      assert.match(text, /・LSTM：RMSE 7\.55、/, label);
      assert.match(text, /・天真預測（明天收盤 = 今天收盤）：RMSE 7\.55、/, label);
      assert.match(text, /⚠️ LSTM 的回測誤差（RMSE）和天真預測一樣，沒有比天真預測更準/, label);
      assert.doesNotMatch(text, /還大/, label);
      assert.doesNotMatch(text, /比天真預測小/, label);
    }
  });
});
