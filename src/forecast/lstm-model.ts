import type { Bar } from '../market/types.ts';
import { assertEnoughBars, backtestCut, buildBacktest } from './backtest.ts';
import { predictWindows, trainNetwork, WINDOW, type NetworkSettings } from './lstm-network.ts';
import { loadTfjs } from './tfjs-runtime.ts';
import type { ForecastOptions, ModelOutput } from './types.ts';

/** About nine months of trading days, as the original bot used. */
export const LSTM_HISTORY_DAYS = 190;

/**
 * Defaults chosen by the backtest and timing in docs/forecast.md: 32 units
 * trained 70 epochs at Adam's learning rate 0.01, without early stopping,
 * which on held-out days stopped too soon to learn.
 */
export const LSTM_UNITS = 32;
export const LSTM_MAX_EPOCHS = 70;
export const LSTM_PATIENCE = 8;

/** Minimum closes: enough windows to train on and a backtest of a few weeks. */
const MIN_BARS = 60;

/** Min-max scaling to 0–1, fitted on the closes a model trains on. */
interface Scaler {
  min: number;
  range: number;
}

/**
 * Forecasts the next close with the LSTM. The backtest network trains on
 * windows whose target lies in the oldest 70 % of days, with the scaler fitted
 * on those days only. Each later day is then predicted from the 9 actual
 * closes before it, scaled with that training scaler. The forecast network
 * trains on every day with a scaler fitted on all of them.
 */
export async function forecastWithLstm(bars: readonly Bar[], options: ForecastOptions): Promise<ModelOutput> {
  const used = bars.slice(-(options.historyDays ?? LSTM_HISTORY_DAYS));
  assertEnoughBars(used.length, MIN_BARS, 'LSTM');

  const tf = await loadTfjs();
  const closes = used.map((bar) => bar.close);
  const cut = backtestCut(closes.length);
  const settings = (phase: 'backtest' | 'final'): NetworkSettings => {
    const maxEpochs = options.epochs ?? LSTM_MAX_EPOCHS;
    return {
      units: options.units ?? LSTM_UNITS,
      maxEpochs,
      patience: options.earlyStopping === true ? LSTM_PATIENCE : Infinity,
      seed: options.seed ?? 42,
      onEpoch: (done) => options.onProgress?.({ phase, done, total: maxEpochs }),
    };
  };

  const backtestScaler = fitScaler(closes.slice(0, cut));
  const backtestTraining = windowsEndingBefore(scale(closes, backtestScaler), WINDOW, cut);
  const backtestNetwork = await trainNetwork(tf, backtestTraining.inputs, backtestTraining.targets, settings('backtest'));
  const testInputs = [];
  for (let t = cut; t < closes.length; t += 1) {
    testInputs.push(scale(closes.slice(t - WINDOW, t), backtestScaler));
  }

  const predicted = predictWindows(tf, backtestNetwork.model, testInputs).map((value) => unscale(value, backtestScaler));
  backtestNetwork.model.dispose();

  const finalScaler = fitScaler(closes);
  const scaled = scale(closes, finalScaler);
  const finalTraining = windowsEndingBefore(scaled, WINDOW, closes.length);
  const finalNetwork = await trainNetwork(tf, finalTraining.inputs, finalTraining.targets, settings('final'));
  const [nextScaled] = predictWindows(tf, finalNetwork.model, [scaled.slice(-WINDOW)]);
  finalNetwork.model.dispose();

  const backtest = buildBacktest(
    used.slice(cut).map((bar) => bar.date),
    closes.slice(cut),
    predicted,
    closes.slice(cut - 1, -1),
  );
  return { nextClose: unscale(nextScaled as number, finalScaler), backtest, trainingLoss: finalNetwork.losses };
}

/** Returns every window of `size` values whose target index is below `end`. */
function windowsEndingBefore(values: number[], size: number, end: number): { inputs: number[][]; targets: number[] } {
  const inputs: number[][] = [];
  const targets: number[] = [];
  for (let t = size; t < end; t += 1) {
    inputs.push(values.slice(t - size, t));
    targets.push(values[t] as number);
  }

  return { inputs, targets };
}

function fitScaler(values: number[]): Scaler {
  const min = Math.min(...values);
  const range = Math.max(...values) - min;
  // A flat series has no range; 1 keeps the scaled values at 0 instead of NaN.
  return { min, range: range > 0 ? range : 1 };
}

function scale(values: number[], scaler: Scaler): number[] {
  return values.map((value) => (value - scaler.min) / scaler.range);
}

function unscale(value: number, scaler: Scaler): number {
  return value * scaler.range + scaler.min;
}
