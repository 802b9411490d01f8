import { assertPeriod, nanArray } from './validate.ts';

/**
 * Relative strength index with Wilder's smoothing, as TA-Lib's TA_RSI in its
 * default compatibility mode with no unstable period (ta_func/ta_RSI.c in
 * github.com/TA-Lib/ta-lib). Output is aligned with the input. The first
 * `period` positions are NaN because the first value needs `period` price
 * changes, that is period + 1 prices.
 */

export const RSI_DEFAULT_PERIOD = 14;

/**
 * TA-Lib's long-standing TA_IS_ZERO bound (1e-8 in ta_utility.h, as shipped
 * in 0.4.0). When average gain + average loss is below it, the RSI is 0.
 * NOTE: the current development branch of TA-Lib lowered the bound to 1e-14.
 * The two differ only when the sum lies between 1e-14 and 1e-8, which for
 * prices means a window with practically no movement.
 */
const ZERO_BOUND = 1e-8;

/** Returns the index of the first RSI value: period. */
export function rsiLookback(period: number = RSI_DEFAULT_PERIOD): number {
  assertPeriod('RSI period', period, 2);
  return period;
}

/**
 * Computes the RSI of `values` over `period` bars (default 14).
 *
 * The first averages are the plain means of the first `period` gains and
 * losses (a zero change counts as a gain of 0). Each later average is
 * (previous × (period − 1) + today) / period, multiplied, added and divided in
 * that order as TA-Lib does. The RSI is 100 × (avgGain / (avgGain +
 * avgLoss)), and 0 when that sum is zero (no movement at all).
 */
export function rsi(values: readonly number[], period: number = RSI_DEFAULT_PERIOD): number[] {
  const lookback = rsiLookback(period);
  const output = nanArray(values.length);
  if (values.length <= lookback) {
    return output;
  }

  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i += 1) {
    const change = (values[i] as number) - (values[i - 1] as number);
    if (change < 0) {
      loss -= change;
    } else {
      gain += change;
    }
  }

  loss /= period;
  gain /= period;
  output[lookback] = toRsi(gain, loss);

  for (let i = period + 1; i < values.length; i += 1) {
    const change = (values[i] as number) - (values[i - 1] as number);
    loss *= period - 1;
    gain *= period - 1;
    if (change < 0) {
      loss -= change;
    } else {
      gain += change;
    }

    loss /= period;
    gain /= period;
    output[i] = toRsi(gain, loss);
  }

  return output;
}

function toRsi(averageGain: number, averageLoss: number): number {
  const total = averageGain + averageLoss;
  if (total > -ZERO_BOUND && total < ZERO_BOUND) {
    return 0;
  }

  return 100 * (averageGain / total);
}
