import { assertPeriod, nanArray } from './validate.ts';

/**
 * Exponential moving average, as TA-Lib's TA_EMA in its default
 * compatibility mode (src/ta_func/ta_EMA.c in github.com/TA-Lib/ta-lib).
 * Output is aligned with the input, and the first period − 1 positions are NaN.
 */

/** Returns the index of the first EMA value: period − 1. */
export function emaLookback(period: number): number {
  assertPeriod('EMA period', period, 1);
  return period - 1;
}

/** Returns TA-Lib's smoothing factor k = 2 / (period + 1). */
export function emaFactor(period: number): number {
  return 2 / (period + 1);
}

/**
 * Computes the EMA of `values` over `period` bars.
 *
 * The seed, at index period − 1, is the plain average of the first `period`
 * values (summed from 0 in input order, then divided). Each later value is
 * ((x − previous) × k) + previous, in that order, as TA-Lib writes it.
 */
export function ema(values: readonly number[], period: number): number[] {
  const lookback = emaLookback(period);
  const output = nanArray(values.length);
  if (values.length <= lookback) {
    return output;
  }

  let seedTotal = 0;
  for (let i = 0; i < period; i += 1) {
    seedTotal += values[i] as number;
  }

  const k = emaFactor(period);
  let previous = seedTotal / period;
  output[lookback] = previous;

  for (let i = period; i < values.length; i += 1) {
    previous = ((values[i] as number) - previous) * k + previous;
    output[i] = previous;
  }

  return output;
}
