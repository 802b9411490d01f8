import { emaFactor } from './ema.ts';
import { assertPeriod, nanArray } from './validate.ts';

/**
 * Moving average convergence/divergence, as TA-Lib's TA_MACD in its default
 * compatibility mode. The seeding below was read in src/ta_func/ta_MACD.c and
 * src/ta_func/ta_EMA.c of github.com/TA-Lib/ta-lib. The 2025 copy states the
 * rules in its comments. The older TA_INT_MACD in the same file gives the same
 * seeds by calling TA_INT_EMA for both periods from bar slow − 1.
 */

export interface MacdOptions {
  /** Fast EMA period, default 12. */
  fastPeriod?: number;
  /** Slow EMA period, default 26. TA-Lib swaps the two when slow < fast. */
  slowPeriod?: number;
  /** Signal EMA period, default 9. */
  signalPeriod?: number;
}

/** MACD line, signal line and histogram, each aligned with the input. */
export interface MacdResult {
  macd: number[];
  signal: number[];
  /** macd − signal. */
  histogram: number[];
}

interface MacdPeriods {
  fast: number;
  slow: number;
  signal: number;
}

function resolvePeriods(options: MacdOptions): MacdPeriods {
  const { fastPeriod = 12, slowPeriod = 26, signalPeriod = 9 } = options;
  assertPeriod('MACD fastPeriod', fastPeriod, 2);
  assertPeriod('MACD slowPeriod', slowPeriod, 2);
  assertPeriod('MACD signalPeriod', signalPeriod, 1);
  return slowPeriod < fastPeriod
    ? { fast: slowPeriod, slow: fastPeriod, signal: signalPeriod }
    : { fast: fastPeriod, slow: slowPeriod, signal: signalPeriod };
}

/**
 * Returns the index of the first MACD, signal and histogram value:
 * (slow − 1) + (signal − 1), 33 for 12/26/9.
 */
export function macdLookback(options: MacdOptions = {}): number {
  const periods = resolvePeriods(options);
  return periods.slow - 1 + (periods.signal - 1);
}

/**
 * Computes MACD (default 12/26/9) of `values`.
 *
 * - The slow EMA is seeded at bar slow − 1 with the average of bars
 *   0 … slow − 1. The fast EMA is seeded at the same bar with the average of
 *   the `fast` bars ending there (bars slow − fast … slow − 1), so both EMAs
 *   start together and no earlier fast EMA exists.
 * - The MACD line starts at bar slow − 1. The signal EMA is seeded with the
 *   average of the first `signal` MACD values, which puts the first signal
 *   value at bar (slow − 1) + (signal − 1).
 * - TA-Lib returns all three series from that bar on, so the MACD line's
 *   earlier values are NaN here too.
 */
export function macd(values: readonly number[], options: MacdOptions = {}): MacdResult {
  const periods = resolvePeriods(options);
  const lookback = periods.slow - 1 + (periods.signal - 1);
  const result: MacdResult = {
    macd: nanArray(values.length),
    signal: nanArray(values.length),
    histogram: nanArray(values.length),
  };
  if (values.length <= lookback) {
    return result;
  }

  // Seed both EMAs: the fast window is the tail of the slow one.
  let slowTotal = 0;
  let fastTotal = 0;
  for (let i = 0; i < periods.slow; i += 1) {
    const value = values[i] as number;
    slowTotal += value;
    if (i >= periods.slow - periods.fast) {
      fastTotal += value;
    }
  }

  let slowEma = slowTotal / periods.slow;
  let fastEma = fastTotal / periods.fast;
  let macdValue = fastEma - slowEma;

  const fastK = emaFactor(periods.fast);
  const slowK = emaFactor(periods.slow);
  const advance = (value: number): void => {
    fastEma = (value - fastEma) * fastK + fastEma;
    slowEma = (value - slowEma) * slowK + slowEma;
    macdValue = fastEma - slowEma;
  };

  // Seed the signal EMA with the plain average of the first `signal` MACD values.
  let signalTotal = 0;
  signalTotal += macdValue;
  for (let i = periods.slow; i <= lookback; i += 1) {
    advance(values[i] as number);
    signalTotal += macdValue;
  }

  let signalEma = signalTotal / periods.signal;
  writeBar(result, lookback, macdValue, signalEma);

  const signalK = emaFactor(periods.signal);
  for (let i = lookback + 1; i < values.length; i += 1) {
    advance(values[i] as number);
    signalEma = (macdValue - signalEma) * signalK + signalEma;
    writeBar(result, i, macdValue, signalEma);
  }

  return result;
}

function writeBar(result: MacdResult, index: number, macdValue: number, signalValue: number): void {
  result.macd[index] = macdValue;
  result.signal[index] = signalValue;
  result.histogram[index] = macdValue - signalValue;
}
