import type { BarSeries } from './types.ts';
import { sortBars } from './parse/bars.ts';

/**
 * Joins monthly series of one code and one basis into one series, or
 * returns undefined for an empty list. The first series gives the source.
 */
export function mergeSeries(parts: readonly BarSeries[]): BarSeries | undefined {
  const [first] = parts;
  if (first === undefined) {
    return undefined;
  }

  if (parts.some((part) => part.basis !== first.basis)) {
    throw new Error('mergeSeries: cannot join raw and adjusted bars in one series');
  }

  return { ...first, bars: sortBars(parts.flatMap((part) => part.bars)) };
}

/**
 * Picks the candidate with the most bars between `from` and `to`
 * (inclusive) and trims it to that range. Ties go to raw exchange prices,
 * then to the longer series overall. Returns an empty series rather than
 * undefined when candidates exist but none has a bar in the range.
 */
export function chooseSeries(candidates: readonly BarSeries[], from: string, to: string): BarSeries | undefined {
  let best: { series: BarSeries; inRange: BarSeries['bars'] } | undefined;

  for (const series of candidates) {
    const inRange = series.bars.filter((bar) => bar.date >= from && bar.date <= to);
    if (best === undefined || isBetter(series, inRange.length, best.series, best.inRange.length)) {
      best = { series, inRange };
    }
  }

  return best === undefined ? undefined : { ...best.series, bars: best.inRange };
}

function isBetter(series: BarSeries, count: number, current: BarSeries, currentCount: number): boolean {
  if (count !== currentCount) {
    return count > currentCount;
  }

  if (series.basis !== current.basis) {
    return series.basis === 'raw';
  }

  return series.bars.length > current.bars.length;
}
