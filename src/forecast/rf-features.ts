import { macd, rsi, sma, stoch } from '../analysis/index.ts';
import type { Bar } from '../market/types.ts';

/** Moving-average periods whose bias ((close − MA) / MA) is a feature. */
const BIAS_PERIODS = [5, 10, 20, 60] as const;

/** Bars before the first row with every feature: MA60 needs 59 earlier bars, more than RSI 14, MACD 12/26/9 or KD 5/3/3. */
export const FEATURE_LOOKBACK = 59;

export const FEATURE_NAMES = [
  ...BIAS_PERIODS.map((period) => `bias${period}`),
  'rsi14',
  'macd',
  'macdSignal',
  'macdHistogram',
  'slowK',
  'slowD',
  'open',
  'high',
  'low',
  'close',
  'volume',
] as const;

/**
 * Returns one feature row per bar, as the original bot's random forest used:
 * bias from MA5/10/20/60, RSI 14, MACD 12/26/9 (line, signal, histogram),
 * KD (STOCH 5/3/3 slow %K and %D) and the bar's OHLCV. Every indicator is
 * computed from that bar and earlier ones only. Rows before
 * FEATURE_LOOKBACK contain NaN.
 */
export function featureRows(bars: readonly Bar[]): number[][] {
  const close = bars.map((bar) => bar.close);
  const high = bars.map((bar) => bar.high);
  const low = bars.map((bar) => bar.low);
  const averages = BIAS_PERIODS.map((period) => sma(close, period));
  const strength = rsi(close, 14);
  const convergence = macd(close);
  const kd = stoch(high, low, close);

  return bars.map((bar, i) => [
    ...averages.map((average) => (bar.close - (average[i] as number)) / (average[i] as number)),
    strength[i] as number,
    convergence.macd[i] as number,
    convergence.signal[i] as number,
    convergence.histogram[i] as number,
    kd.slowK[i] as number,
    kd.slowD[i] as number,
    bar.open,
    bar.high,
    bar.low,
    bar.close,
    bar.volume,
  ]);
}
