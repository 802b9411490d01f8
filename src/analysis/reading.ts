import type { BbandsResult } from './bbands.ts';
import type { MacdResult } from './macd.ts';
import type { StochResult } from './stoch.ts';

/**
 * One-line zh-TW readings of the latest indicator values, for the 技術分析
 * reply. Each function takes the full output of its indicator and returns the
 * structured reading with its text, or null when the last bar has no value
 * yet (the series is shorter than the indicator's lookback + 1).
 * A reading describes the numbers and is not advice.
 */

/** Zone of an oscillator's latest value. */
export type Zone = 'high' | 'low' | 'neutral';

export interface RsiReading {
  indicator: 'RSI';
  value: number;
  level: Zone;
  text: string;
}

export interface KdReading {
  indicator: 'KD';
  k: number;
  d: number;
  /** Zone of K. */
  level: Zone;
  /** 'golden' when K crosses above D on the last bar, 'death' when it crosses below. */
  cross: 'golden' | 'death' | null;
  text: string;
}

export interface MacdReading {
  indicator: 'MACD';
  histogram: number;
  /** 'positive' when the histogram goes from ≤ 0 to > 0 on the last bar, 'negative' for ≥ 0 to < 0. */
  turn: 'positive' | 'negative' | null;
  text: string;
}

export interface BbandsReading {
  indicator: 'BBANDS';
  close: number;
  upper: number;
  lower: number;
  /** Position of the last close: above the upper band, below the lower band, or between them. */
  position: 'above' | 'below' | 'inside';
  text: string;
}

/** The customary RSI zones: 70 and above is high (overbought), 30 and below is low (oversold). */
export const RSI_HIGH = 70;
export const RSI_LOW = 30;

/** The customary KD zones: K of 80 and above is high (overbought), 20 and below is low (oversold). */
export const KD_HIGH = 80;
export const KD_LOW = 20;

const ZONE_TEXT: Record<Zone, string> = { high: '偏高', low: '偏低', neutral: '中性' };

/** Decimal places of every indicator value in a reply (MA, RSI, KD, MACD, Bollinger), the precision Taiwanese quote sites show. */
export const INDICATOR_DECIMALS = 2;

/**
 * Reads the last RSI value, for example `RSI 72.29 偏高`. The zone is judged
 * on the value as shown, so the text never shows 70.00 as 中性.
 */
export function readRsi(rsiValues: readonly number[]): RsiReading | null {
  const latest = rsiValues.at(-1);
  if (latest === undefined || Number.isNaN(latest)) {
    return null;
  }

  const displayed = roundTo(latest, INDICATOR_DECIMALS);
  const level = zoneOf(displayed, RSI_HIGH, RSI_LOW);
  return { indicator: 'RSI', value: latest, level, text: `RSI ${formatIndicatorValue(displayed)} ${ZONE_TEXT[level]}` };
}

/**
 * Reads the last KD values: `KD 黃金交叉` or `KD 死亡交叉` when K crosses D
 * on the last bar, else the zone of K and D, for example `KD 偏高（K 85.24、D 80.06）`,
 * or each one's zone when they differ. `level` is the zone of K.
 * A cross needs K and D on the previous bar too.
 */
export function readKd(kd: Pick<StochResult, 'slowK' | 'slowD'>): KdReading | null {
  const [previousK, k] = lastTwo(kd.slowK);
  const [previousD, d] = lastTwo(kd.slowD);
  if (Number.isNaN(k) || Number.isNaN(d)) {
    return null;
  }

  let cross: KdReading['cross'] = null;
  if (!Number.isNaN(previousK) && !Number.isNaN(previousD)) {
    if (previousK <= previousD && k > d) {
      cross = 'golden';
    } else if (previousK >= previousD && k < d) {
      cross = 'death';
    }
  }

  const displayedK = roundTo(k, INDICATOR_DECIMALS);
  const level = zoneOf(displayedK, KD_HIGH, KD_LOW);
  const levelOfD = zoneOf(roundTo(d, INDICATOR_DECIMALS), KD_HIGH, KD_LOW);
  const values = `K ${formatIndicatorValue(displayedK)}、D ${formatIndicatorValue(d)}`;
  // When K and D sit in different zones (K leaving 80 while D is still above it, say), one word for both would mislead.
  let text = level === levelOfD ? `KD ${ZONE_TEXT[level]}（${values}）` : `KD：K ${ZONE_TEXT[level]}、D ${ZONE_TEXT[levelOfD]}（${values}）`;
  if (cross === 'golden') {
    text = 'KD 黃金交叉';
  } else if (cross === 'death') {
    text = 'KD 死亡交叉';
  }

  return { indicator: 'KD', k, d, level, cross, text };
}

/**
 * Reads the last MACD histogram: `MACD 柱狀體轉正` or `MACD 柱狀體轉負` when
 * it changes sign on the last bar, else its sign and value, for example
 * `MACD 柱狀體為正（0.52）`.
 */
export function readMacd(result: Pick<MacdResult, 'histogram'>): MacdReading | null {
  const [previous, histogram] = lastTwo(result.histogram);
  if (Number.isNaN(histogram)) {
    return null;
  }

  let turn: MacdReading['turn'] = null;
  if (!Number.isNaN(previous)) {
    if (previous <= 0 && histogram > 0) {
      turn = 'positive';
    } else if (previous >= 0 && histogram < 0) {
      turn = 'negative';
    }
  }

  let text = `MACD 柱狀體為零`;
  if (turn === 'positive') {
    text = 'MACD 柱狀體轉正';
  } else if (turn === 'negative') {
    text = 'MACD 柱狀體轉負';
  } else if (histogram > 0) {
    text = `MACD 柱狀體為正（${formatIndicatorValue(histogram)}）`;
  } else if (histogram < 0) {
    text = `MACD 柱狀體為負（${formatIndicatorValue(histogram)}）`;
  }

  return { indicator: 'MACD', histogram, turn, text };
}

/**
 * Reads the last close against the bands: `股價突破布林上軌` when it is above
 * the upper band, `股價跌破布林下軌` when below the lower band, else
 * `股價位於布林通道內`. A close exactly on a band counts as inside.
 */
export function readBbands(close: readonly number[], bands: Pick<BbandsResult, 'upper' | 'lower'>): BbandsReading | null {
  const lastClose = close.at(-1);
  const upper = bands.upper.at(-1);
  const lower = bands.lower.at(-1);
  if (lastClose === undefined || upper === undefined || lower === undefined || Number.isNaN(upper) || Number.isNaN(lower)) {
    return null;
  }

  let position: BbandsReading['position'] = 'inside';
  let text = '股價位於布林通道內';
  if (lastClose > upper) {
    position = 'above';
    text = '股價突破布林上軌';
  } else if (lastClose < lower) {
    position = 'below';
    text = '股價跌破布林下軌';
  }

  return { indicator: 'BBANDS', close: lastClose, upper, lower, position, text };
}

/** Returns the last two values, NaN where the series is too short. */
function lastTwo(values: readonly number[]): [number, number] {
  return [values.at(-2) ?? Number.NaN, values.at(-1) ?? Number.NaN];
}

function zoneOf(value: number, high: number, low: number): Zone {
  if (value >= high) {
    return 'high';
  }

  return value <= low ? 'low' : 'neutral';
}

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/**
 * Formats an indicator value with `INDICATOR_DECIMALS` places, trailing zeros
 * kept (MA60 543.60, not 543.6) and no minus sign on a value that rounds to zero.
 */
export function formatIndicatorValue(value: number): string {
  const text = value.toFixed(INDICATOR_DECIMALS);
  return Number(text) === 0 ? (0).toFixed(INDICATOR_DECIMALS) : text;
}
