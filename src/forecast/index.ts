/**
 * Next-close forecasts with the original bot's two models, an LSTM on
 * closes and a random forest on indicator features, each judged by a
 * walk-forward backtest against the naive forecast (tomorrow = today). The
 * LSTM path loads TensorFlow.js lazily, so importing this module costs
 * nothing in processes that never run it. The results are statistics, not
 * investment advice.
 */
import type { Bar } from '../market/types.ts';
import { nextTradingDate } from './backtest.ts';
import { forecastWithForest } from './rf-model.ts';
import type { ForecastModel, ForecastOptions, ForecastResult, ModelOutput } from './types.ts';

export { metrics } from './metrics.ts';
export { nextTradingDate } from './backtest.ts';
export type { Backtest, ForecastModel, ForecastOptions, ForecastProgress, ForecastResult, Metrics } from './types.ts';

/**
 * Forecasts the close of the trading day after the last bar. `bars` are
 * daily bars oldest first. The LSTM uses the newest 190 and the forest the
 * newest 750 (plus 59 for indicator warm-up) unless `historyDays` is set.
 * Throws RangeError when there are too few bars.
 */
export async function runForecast(bars: readonly Bar[], model: ForecastModel, options: ForecastOptions = {}): Promise<ForecastResult> {
  const started = performance.now();
  const last = bars[bars.length - 1];
  if (last === undefined) {
    throw new RangeError('forecast needs daily bars, got none');
  }

  let output: ModelOutput;
  if (model === 'lstm') {
    const { forecastWithLstm } = await import('./lstm-model.ts');
    output = await forecastWithLstm(bars, options);
  } else if (model === 'rf') {
    output = forecastWithForest(bars, options);
  } else {
    throw new RangeError(`unknown forecast model ${JSON.stringify(model)}; expected 'lstm' or 'rf'`);
  }

  const result: ForecastResult = {
    model,
    nextClose: output.nextClose,
    forDate: nextTradingDate(last.date),
    lastClose: last.close,
    lastDate: last.date,
    backtest: output.backtest,
    durationMs: performance.now() - started,
    betterThanNaive: output.backtest.model.rmse < output.backtest.naiveMetrics.rmse,
  };
  if (output.trainingLoss !== undefined) {
    result.trainingLoss = output.trainingLoss;
  }

  return result;
}
