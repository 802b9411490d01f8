import type { Bar } from '../market/types.ts';
import { assertEnoughBars, backtestCut, buildBacktest } from './backtest.ts';
import { trainForest, type ForestOptions } from './random-forest.ts';
import { FEATURE_LOOKBACK, featureRows } from './rf-features.ts';
import type { ForecastOptions, ModelOutput } from './types.ts';

/** About three years of trading days, as the original bot used. */
export const RF_HISTORY_DAYS = 750;

/** Trees per forest, chosen by the backtest in docs/forecast.md. */
export const RF_TREES = 100;

/** Minimum feature rows: enough for a training set and a backtest of a few weeks. */
const MIN_ROWS = 60;

/**
 * Forecasts the next close with a random forest on indicator features.
 * The backtest forest trains once on the oldest 70 % of rows (each row's
 * target is the following close) and predicts every later day from that
 * day's features. The forecast forest trains on every row.
 */
export function forecastWithForest(bars: readonly Bar[], options: ForecastOptions): ModelOutput {
  const historyDays = options.historyDays ?? RF_HISTORY_DAYS;
  const window = bars.slice(-(historyDays + FEATURE_LOOKBACK));
  assertEnoughBars(window.length, MIN_ROWS + FEATURE_LOOKBACK + 1, 'RF');

  // Indicators need FEATURE_LOOKBACK earlier bars, so the first rows are dropped.
  const used = window.slice(FEATURE_LOOKBACK);
  const rows = featureRows(window).slice(FEATURE_LOOKBACK);
  const labelled = rows.slice(0, -1);
  const targets = used.slice(1).map((bar) => bar.close);
  const cut = backtestCut(labelled.length);

  const trees = options.trees ?? RF_TREES;
  const forestOptions = (phase: 'backtest' | 'final'): ForestOptions => ({
    trees,
    seed: options.seed ?? 42,
    onTree: (done) => options.onProgress?.({ phase, done, total: trees }),
  });

  const backtestForest = trainForest(labelled.slice(0, cut), targets.slice(0, cut), forestOptions('backtest'));
  const dates: string[] = [];
  const actual: number[] = [];
  const predicted: number[] = [];
  const previous: number[] = [];
  for (let i = cut; i < labelled.length; i += 1) {
    dates.push((used[i + 1] as Bar).date);
    actual.push(targets[i] as number);
    predicted.push(backtestForest.predict(labelled[i] as number[]));
    previous.push((used[i] as Bar).close);
  }

  const finalForest = trainForest(labelled, targets, forestOptions('final'));
  const nextClose = finalForest.predict(rows[rows.length - 1] as number[]);

  return { nextClose, backtest: buildBacktest(dates, actual, predicted, previous) };
}
