import { sma } from './sma.ts';
import { assertPeriod, nanArray } from './validate.ts';

/**
 * Bollinger Bands with an SMA middle band, as TA-Lib's TA_BBANDS with
 * optInMAType SMA (ta_func/ta_BBANDS.c in github.com/TA-Lib/ta-lib). The
 * defaults here are 20 bars and 2 standard deviations, while TA-Lib's own
 * default period is 5.
 */

export interface BbandsOptions {
  /** Bars in the SMA and the standard deviation, default 20. */
  period?: number;
  /** Standard deviations added for the upper band, default 2. */
  deviationsUp?: number;
  /** Standard deviations subtracted for the lower band, default 2. */
  deviationsDown?: number;
}

/** Upper, middle and lower band, each aligned with the input. */
export interface BbandsResult {
  upper: number[];
  /** SMA of the input. */
  middle: number[];
  lower: number[];
}

/**
 * TA-Lib's long-standing TA_IS_ZERO_OR_NEG bound (1e-8 in ta_utility.h, as
 * shipped in 0.4.0). A variance below it gives a standard deviation of 0,
 * which absorbs rounding residue in flat windows.
 * NOTE: the current development branch of TA-Lib lowered the bound to 1e-14.
 */
const ZERO_OR_NEGATIVE_BOUND = 1e-8;

interface BbandsSettings {
  period: number;
  deviationsUp: number;
  deviationsDown: number;
}

function resolveSettings(options: BbandsOptions): BbandsSettings {
  const { period = 20, deviationsUp = 2, deviationsDown = 2 } = options;
  assertPeriod('BBANDS period', period, 2);
  for (const [name, value] of [['deviationsUp', deviationsUp], ['deviationsDown', deviationsDown]] as const) {
    if (!Number.isFinite(value)) {
      throw new RangeError(`BBANDS ${name} must be a finite number, got ${value}`);
    }
  }

  return { period, deviationsUp, deviationsDown };
}

/** Returns the index of the first band value: period − 1. */
export function bbandsLookback(options: BbandsOptions = {}): number {
  return resolveSettings(options).period - 1;
}

/**
 * Computes Bollinger Bands (default 20/2) of `values`.
 *
 * The standard deviation is the population one (divided by N). TA-Lib
 * computes it as sqrt(mean of squares − middle²), keeping a running sum of
 * squares, and the same order is kept here. The result can differ from a
 * two-pass (x − mean)² computation in the last few bits.
 */
export function bbands(values: readonly number[], options: BbandsOptions = {}): BbandsResult {
  const { period, deviationsUp, deviationsDown } = resolveSettings(options);
  const lookback = period - 1;
  const middle = sma(values, period);
  const result: BbandsResult = { upper: nanArray(values.length), middle, lower: nanArray(values.length) };
  if (values.length <= lookback) {
    return result;
  }

  let squareTotal = 0;
  for (let i = 0; i < lookback; i += 1) {
    squareTotal += square(values[i] as number);
  }

  for (let i = lookback; i < values.length; i += 1) {
    squareTotal += square(values[i] as number);
    let variance = squareTotal / period;
    squareTotal -= square(values[i - lookback] as number);

    const mean = middle[i] as number;
    variance -= square(mean);
    const deviation = variance < ZERO_OR_NEGATIVE_BOUND ? 0 : Math.sqrt(variance);

    result.upper[i] = mean + deviation * deviationsUp;
    result.lower[i] = mean - deviation * deviationsDown;
  }

  return result;
}

function square(value: number): number {
  return value * value;
}
