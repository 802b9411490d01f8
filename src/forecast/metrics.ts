import type { Metrics } from './types.ts';

/**
 * Computes RMSE, MAE, MAPE and direction accuracy of `predicted` against
 * `actual`, where `previous[i]` is the close before `actual[i]` (the base of
 * the predicted and actual moves). All three arrays must have one entry per
 * day; an empty series gives NaN errors and a count of 0.
 */
export function metrics(actual: readonly number[], predicted: readonly number[], previous: readonly number[]): Metrics {
  if (predicted.length !== actual.length || previous.length !== actual.length) {
    throw new RangeError(
      `metrics: lengths differ (actual ${actual.length}, predicted ${predicted.length}, previous ${previous.length}); pass one value per day in each`,
    );
  }

  const count = actual.length;
  let squaredTotal = 0;
  let absoluteTotal = 0;
  let percentTotal = 0;
  let rightDirections = 0;

  for (let i = 0; i < count; i += 1) {
    const truth = actual[i] as number;
    const guess = predicted[i] as number;
    const base = previous[i] as number;
    const error = guess - truth;

    squaredTotal += error * error;
    absoluteTotal += Math.abs(error);
    percentTotal += Math.abs(error / truth);
    if (Math.sign(guess - base) === Math.sign(truth - base)) {
      rightDirections += 1;
    }
  }

  return {
    rmse: Math.sqrt(squaredTotal / count),
    mae: absoluteTotal / count,
    mape: (percentTotal / count) * 100,
    directionAccuracy: rightDirections / count,
    count,
  };
}
