/**
 * Technical indicators with TA-Lib's definitions, defaults and floating-point
 * order of operations. Every function takes prices oldest first and returns
 * arrays as long as its input, with NaN for the lookback positions. Each
 * `…Lookback` helper returns the index of the first value.
 */

export { bbands, bbandsLookback, type BbandsOptions, type BbandsResult } from './bbands.ts';
export { ema, emaFactor, emaLookback } from './ema.ts';
export { macd, macdLookback, type MacdOptions, type MacdResult } from './macd.ts';
export {
  formatIndicatorValue,
  INDICATOR_DECIMALS,
  KD_HIGH,
  KD_LOW,
  readBbands,
  readKd,
  readMacd,
  readRsi,
  RSI_HIGH,
  RSI_LOW,
  type BbandsReading,
  type KdReading,
  type MacdReading,
  type RsiReading,
  type Zone,
} from './reading.ts';
export { RSI_DEFAULT_PERIOD, rsi, rsiLookback } from './rsi.ts';
export { sma, smaLookback } from './sma.ts';
export { stoch, stochLookback, type StochOptions, type StochResult } from './stoch.ts';
