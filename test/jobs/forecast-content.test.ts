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
    assert.match(forecastText(TSMC, RESULT), /隨機森林的回測誤差比天真預測還大/);
    assert.match(forecastText(TSMC, { ...RESULT, betterThanNaive: true }), /隨機森林的回測誤差（RMSE）比天真預測小/);
  });
});
