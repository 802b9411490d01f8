import type { Bar } from '../types.ts';

/** Price and volume cells of one daily row, already parsed; null marks a placeholder. */
export interface BarCells {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  volume: number | null;
}

/**
 * Returns a bar, or null for a row that records no trading: a missing price
 * (`--` on a suspended day) or zero volume. Yahoo fills market closures with
 * zero-volume rows that repeat the previous close, and those would draw flat
 * fake candles.
 */
export function toTradedBar(cells: BarCells): Bar | null {
  const { date, open, high, low, close, volume } = cells;
  if (open === null || high === null || low === null || close === null || volume === null || volume === 0) {
    return null;
  }

  return { date, open, high, low, close, volume };
}

/** Sorts bars oldest first and keeps the last bar of any repeated date. */
export function sortBars(bars: readonly Bar[]): Bar[] {
  const byDate = new Map<string, Bar>();
  for (const bar of bars) {
    byDate.set(bar.date, bar);
  }

  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
