import { assertPeriod, nanArray } from './validate.ts';

/**
 * Simple moving average, as TA-Lib's TA_SMA (ta_func/ta_SMA.c).
 *
 * Every indicator in this folder takes prices oldest first and returns an
 * array of the same length. Positions before the first computable value (the
 * lookback) hold NaN, so index i always refers to the same bar as the input.
 * Inputs must be finite numbers: a NaN in the input spreads into every later
 * output that uses it, as it would in TA-Lib.
 */

/** Returns the index of the first SMA value: period − 1. */
export function smaLookback(period: number): number {
  assertPeriod('SMA period', period, 1);
  return period - 1;
}

/**
 * Computes the SMA of `values` over `period` bars.
 *
 * TA-Lib keeps a running total (add the newest value, divide, then subtract
 * the oldest one), and the same order is kept here so the results match its
 * floating-point rounding, not only its arithmetic.
 */
export function sma(values: readonly number[], period: number): number[] {
  const lookback = smaLookback(period);
  const output = nanArray(values.length);
  if (values.length <= lookback) {
    return output;
  }

  let periodTotal = 0;
  for (let i = 0; i < lookback; i += 1) {
    periodTotal += values[i] as number;
  }

  for (let i = lookback; i < values.length; i += 1) {
    periodTotal += values[i] as number;
    const windowTotal = periodTotal;
    periodTotal -= values[i - lookback] as number;
    output[i] = windowTotal / period;
  }

  return output;
}
