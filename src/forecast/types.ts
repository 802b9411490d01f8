/**
 * Types of the forecast library. A forecast is the model's next close plus
 * a walk-forward backtest against the naive forecast (tomorrow's close =
 * today's close), so a caller can show how much the number deserves trust.
 */

export type ForecastModel = 'lstm' | 'rf';

/** Errors of a forecast series against the actual closes. */
export interface Metrics {
  /** Root mean squared error, in price units. */
  rmse: number;
  /** Mean absolute error, in price units. */
  mae: number;
  /** Mean absolute percentage error, in percent (1.5 means 1.5 %). */
  mape: number;
  /**
   * Fraction (0–1) of days where the sign of (predicted − previous close)
   * equals the sign of (actual − previous close). A predicted move of zero is
   * right only on a day whose actual move is also zero.
   */
  directionAccuracy: number;
  /** Number of days measured. */
  count: number;
}

/** A walk-forward backtest over the most recent part of the history. */
export interface Backtest {
  /** Dates (YYYY-MM-DD) of the predicted closes, oldest first. */
  dates: string[];
  actual: number[];
  predicted: number[];
  /** The previous day's close, which is the naive forecast. */
  naive: number[];
  model: Metrics;
  naiveMetrics: Metrics;
}

export interface ForecastProgress {
  /** 'backtest' trains on the oldest 70 %; 'final' trains on everything. */
  phase: 'backtest' | 'final';
  /** Epochs (LSTM) or trees (RF) finished in this phase. */
  done: number;
  /** Upper bound of `done`; the LSTM may stop early, before reaching it. */
  total: number;
}

export interface ForecastOptions {
  /** Seed of every random choice; the same seed and bars give the same result. Default 42. */
  seed?: number;
  /** LSTM: maximum training epochs per model. */
  epochs?: number;
  /** LSTM: units in each of the two LSTM layers. */
  units?: number;
  /** LSTM: stop when the validation loss has not improved for `patience` epochs; false trains every epoch. */
  earlyStopping?: boolean;
  /** RF: number of trees. */
  trees?: number;
  /** Number of most recent bars used; defaults depend on the model. */
  historyDays?: number;
  onProgress?: (progress: ForecastProgress) => void;
}

export interface ForecastResult {
  model: ForecastModel;
  /** Forecast close of `forDate`. */
  nextClose: number;
  /** The trading day after `lastDate`. */
  forDate: string;
  lastClose: number;
  lastDate: string;
  backtest: Backtest;
  /** LSTM: training loss (MSE on scaled closes) of the final model, one per epoch. */
  trainingLoss?: number[];
  /** Wall time of the whole forecast, training included, in milliseconds. */
  durationMs: number;
  /** True when the model's backtest RMSE is below the naive forecast's. */
  betterThanNaive: boolean;
}

/** Output of one model, before runForecast adds dates and timing. */
export interface ModelOutput {
  nextClose: number;
  backtest: Backtest;
  trainingLoss?: number[];
}
