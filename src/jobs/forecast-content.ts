/**
 * The zh-TW text and chart inputs of a forecast answer. The text always
 * sets the model beside the naive forecast (tomorrow's close = today's)
 * and states plainly when the model does no better.
 */
import { FORECAST_MODELS } from '../../machines/forecast.ts';
import { spaced } from '../../machines/copy.ts';
import type { StockRef } from '../../machines/intents.ts';
import type { LineChartInput } from '../charts/types.ts';
import type { ForecastResult, Metrics } from '../forecast/index.ts';

/** Closes shown before the forecast point. */
const RECENT_BARS = 60;

/**
 * Decimal places of every price-unit number (forecast, last close, RMSE, MAE)
 * and every percentage (MAPE, direction accuracy) in the text. A forecast is
 * not on the exchange's tick grid, so it gets fixed places, not tick places.
 */
const PLACES = 2;

export const DISCLAIMER = '僅供參考，不構成投資建議。';

export function forecastText(stock: StockRef, result: ForecastResult): string {
  const model = modelLabel(result.model);
  const days = result.backtest.model.count;

  const lines = [
    `${stock.name} ${stock.code} ${model} 預測`,
    `預測 ${result.forDate} 收盤價：${price(result.nextClose)}（最新收盤 ${price(result.lastClose)}，${result.lastDate}）`,
    '',
    `回測（歷史資料中最近 30% 的交易日，共 ${days} 天，每天只用當時以前的資料）：`,
    `・${model}：${metricText(result.backtest.model, true)}`,
    `・天真預測（明天收盤 = 今天收盤）：${metricText(result.backtest.naiveMetrics, false)}`,
    verdictText(model, result.backtest.model, result.backtest.naiveMetrics),
    '',
    DISCLAIMER,
  ];
  return lines.join('\n');
}

export function forecastChart(stock: StockRef, result: ForecastResult, recentDates: string[], recentCloses: number[]): LineChartInput {
  const shownDates = recentDates.slice(-RECENT_BARS);
  const shownCloses = recentCloses.slice(-RECENT_BARS);
  const predictedByDate = new Map(result.backtest.dates.map((date, index) => [date, result.backtest.predicted[index]!]));

  const dates = [...shownDates, result.forDate];
  return {
    title: `${stock.name} ${stock.code} ${modelLabel(result.model)} 預測`,
    subtitle: `實際收盤、回測預測與 ${result.forDate} 的預測`,
    dates,
    series: [
      { name: '實際收盤', values: [...shownCloses, null], kind: 'line' },
      { name: '回測預測', values: [...shownDates.map((date) => predictedByDate.get(date) ?? null), null], kind: 'dashed' },
      { name: '預測', values: [...shownDates.map(() => null), result.nextClose], kind: 'scatter' },
    ],
    theme: 'dark',
  };
}

export function lossChart(stock: StockRef, loss: number[]): LineChartInput {
  return {
    title: `${stock.name} ${stock.code} LSTM 訓練損失`,
    subtitle: '每個 epoch 的均方誤差（縮放後的收盤價）',
    dates: loss.map((_, index) => String(index + 1)),
    series: [{ name: '訓練損失', values: loss, kind: 'line' }],
    theme: 'dark',
  };
}

function modelLabel(model: ForecastResult['model']): string {
  return FORECAST_MODELS.find((candidate) => candidate.value === model)?.label ?? model;
}

/**
 * Compares the two RMSE figures as the text prints them, so that 7.55 beside
 * 7.55 reads as a tie even when the unrounded values differ.
 */
function verdictText(model: string, modelMetrics: Metrics, naiveMetrics: Metrics): string {
  const modelRmse = Number(price(modelMetrics.rmse));
  const naiveRmse = Number(price(naiveMetrics.rmse));
  if (modelRmse < naiveRmse) {
    return `${spaced(model)}的回測誤差（RMSE）比天真預測小。`;
  }
  if (modelRmse === naiveRmse) {
    return `⚠️ ${spaced(model)}的回測誤差（RMSE）和天真預測一樣，沒有比天真預測更準，請不要依賴這個預測。`;
  }
  return `⚠️ ${spaced(model)}的回測誤差（RMSE）比天真預測還大，也就是說它並沒有比「明天收盤 = 今天收盤」更準，請不要依賴這個預測。`;
}

function metricText(metrics: Metrics, withDirection: boolean): string {
  const parts = [`RMSE ${price(metrics.rmse)}`, `MAE ${price(metrics.mae)}`, `MAPE ${metrics.mape.toFixed(PLACES)}%`];
  if (withDirection) {
    parts.push(`漲跌方向正確率 ${(metrics.directionAccuracy * 100).toFixed(PLACES)}%`);
  }
  return parts.join('、');
}

function price(value: number): string {
  return value.toFixed(PLACES);
}
