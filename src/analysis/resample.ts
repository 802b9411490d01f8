/**
 * Weekly and monthly bars from daily ones: open of the first day, high and
 * low over the period, close of the last day, summed volume. A week runs
 * Monday to Sunday; dates are the Asia/Taipei trading dates the bars carry.
 * Each resampled bar is dated by its last trading day.
 */
import type { Bar } from '../market/types.ts';

export type Interval = 'day' | 'week' | 'month';

export function resample(bars: readonly Bar[], interval: Interval): Bar[] {
  if (interval === 'day') {
    return [...bars];
  }

  const groups = new Map<string, Bar[]>();
  for (const bar of bars) {
    const key = interval === 'week' ? weekKey(bar.date) : bar.date.slice(0, 7);
    const group = groups.get(key) ?? [];
    group.push(bar);
    groups.set(key, group);
  }

  return [...groups.values()].map((group) => ({
    date: group.at(-1)!.date,
    open: group[0]!.open,
    high: Math.max(...group.map((bar) => bar.high)),
    low: Math.min(...group.map((bar) => bar.low)),
    close: group.at(-1)!.close,
    volume: group.reduce((sum, bar) => sum + bar.volume, 0),
  }));
}

/** The date of the Monday starting the week of `date` (YYYY-MM-DD). */
function weekKey(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}
