/** The 歷史資料 summary of a bar series: range, return, extremes, average volume. */
import type { Bar } from '../market/types.ts';

export interface BarSummary {
  firstDate: string;
  lastDate: string;
  firstClose: number;
  lastClose: number;
  /** Percent change from the first close to the last, for example 12.5. */
  returnPercent: number;
  high: { value: number; date: string };
  low: { value: number; date: string };
  /** Mean volume per bar, in shares. */
  averageVolume: number;
  bars: number;
}

export function summarize(bars: readonly Bar[]): BarSummary {
  if (bars.length === 0) {
    throw new RangeError('cannot summarize an empty bar series');
  }

  const first = bars[0]!;
  const last = bars.at(-1)!;
  let high = first;
  let low = first;
  let volume = 0;

  for (const bar of bars) {
    if (bar.high > high.high) high = bar;
    if (bar.low < low.low) low = bar;
    volume += bar.volume;
  }

  return {
    firstDate: first.date,
    lastDate: last.date,
    firstClose: first.close,
    lastClose: last.close,
    returnPercent: ((last.close - first.close) / first.close) * 100,
    high: { value: high.high, date: high.date },
    low: { value: low.low, date: low.date },
    averageVolume: volume / bars.length,
    bars: bars.length,
  };
}
