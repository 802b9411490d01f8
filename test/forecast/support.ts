import { readFileSync } from 'node:fs';

import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import type { Bar } from '../../src/market/types.ts';
import { marketDataFile } from '../market/data-dir.ts';

/** Returns the recorded 2330 daily bars, 2000 to 2023-11-15, oldest first. */
export function load2330Bars(): Bar[] {
  const text = readFileSync(marketDataFile('yahoo-download-2330.TW-1d-2000-2023.csv'), 'utf8');
  return parseYahooCsv(text, '2330').bars;
}

/** Returns a copy of `bars` whose last `count` bars have every price scaled by `factor`. */
export function perturbLast(bars: readonly Bar[], count: number, factor: number): Bar[] {
  return bars.map((bar, i) =>
    i < bars.length - count
      ? bar
      : { ...bar, open: bar.open * factor, high: bar.high * factor, low: bar.low * factor, close: bar.close * factor },
  );
}

/** Returns the backtest predictions dated before `date`. */
export function predictionsBefore(backtest: { dates: string[]; predicted: number[] }, date: string): number[] {
  return backtest.predicted.filter((_, i) => (backtest.dates[i] as string) < date);
}
