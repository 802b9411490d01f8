import { sma } from './sma.ts';
import { assertPeriod, assertSameLength, nanArray } from './validate.ts';

/**
 * Stochastic oscillator (KD), as TA-Lib's TA_STOCH with SMA smoothing for
 * both slow %K and slow %D (ta_func/ta_STOCH.c in github.com/TA-Lib/ta-lib).
 * Taiwanese brokers call slow %K and slow %D "K" and "D".
 */

export interface StochOptions {
  /** Bars in the highest-high/lowest-low window of fast %K, default 5. */
  fastKPeriod?: number;
  /** SMA period that turns fast %K into slow %K, default 3. */
  slowKPeriod?: number;
  /** SMA period that turns slow %K into slow %D, default 3. */
  slowDPeriod?: number;
}

/** Fast %K, slow %K and slow %D, each aligned with the input, in percent. */
export interface StochResult {
  /** Raw %K; TA_STOCH does not return it, TA_STOCHF does. NaN before fastKPeriod − 1. */
  fastK: number[];
  /** SMA of fast %K (the K of KD). */
  slowK: number[];
  /** SMA of slow %K (the D of KD). */
  slowD: number[];
}

interface StochPeriods {
  fastK: number;
  slowK: number;
  slowD: number;
}

function resolvePeriods(options: StochOptions): StochPeriods {
  const { fastKPeriod = 5, slowKPeriod = 3, slowDPeriod = 3 } = options;
  assertPeriod('STOCH fastKPeriod', fastKPeriod, 1);
  assertPeriod('STOCH slowKPeriod', slowKPeriod, 1);
  assertPeriod('STOCH slowDPeriod', slowDPeriod, 1);
  return { fastK: fastKPeriod, slowK: slowKPeriod, slowD: slowDPeriod };
}

/**
 * Returns the index of the first slow %K and slow %D value:
 * (fastK − 1) + (slowK − 1) + (slowD − 1), 8 for 5/3/3. TA-Lib starts both
 * outputs there, so slow %K is NaN until slow %D exists.
 */
export function stochLookback(options: StochOptions = {}): number {
  const periods = resolvePeriods(options);
  return periods.fastK - 1 + (periods.slowK - 1) + (periods.slowD - 1);
}

/**
 * Computes KD (default 5/3/3) from bar highs, lows and closes.
 *
 * Fast %K is (close − lowest low) / ((highest high − lowest low) / 100) over
 * the last fastKPeriod bars, divided in that form as TA-Lib does. It is 0
 * when the highest high equals the lowest low (a flat window).
 * NOTE: TA-Lib's released code tests for an exact zero range, as here. Its
 * current development branch also treats a near-zero range (TA_IS_ZERO) as flat.
 */
export function stoch(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  options: StochOptions = {},
): StochResult {
  assertSameLength({ high, low, close });
  const periods = resolvePeriods(options);
  const lookback = periods.fastK - 1 + (periods.slowK - 1) + (periods.slowD - 1);
  const length = close.length;
  const fastK = computeFastK(high, low, close, periods.fastK);
  const result: StochResult = { fastK, slowK: nanArray(length), slowD: nanArray(length) };
  if (length <= lookback) {
    return result;
  }

  // Smooth only the computed part of each series, so no NaN enters an SMA window.
  const fastKStart = periods.fastK - 1;
  const slowK = sma(fastK.slice(fastKStart), periods.slowK);
  const slowKStart = periods.slowK - 1;
  const slowD = sma(slowK.slice(slowKStart), periods.slowD);

  for (let i = lookback; i < length; i += 1) {
    result.slowK[i] = slowK[i - fastKStart] as number;
    result.slowD[i] = slowD[i - fastKStart - slowKStart] as number;
  }

  return result;
}

function computeFastK(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  period: number,
): number[] {
  const fastK = nanArray(close.length);
  for (let today = period - 1; today < close.length; today += 1) {
    let lowest = low[today] as number;
    let highest = high[today] as number;
    for (let i = today - period + 1; i < today; i += 1) {
      lowest = Math.min(lowest, low[i] as number);
      highest = Math.max(highest, high[i] as number);
    }

    const range = (highest - lowest) / 100;
    fastK[today] = range !== 0 ? ((close[today] as number) - lowest) / range : 0;
  }

  return fastK;
}
