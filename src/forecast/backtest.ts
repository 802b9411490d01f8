import { isTradingDay } from '../market/calendar.ts';
import { metrics } from './metrics.ts';
import type { Backtest } from './types.ts';

/** Share of the oldest rows a backtest model trains on; it is tested on the rest. */
export const TRAIN_SHARE = 0.7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns the index of the first backtest row among `count` rows. */
export function backtestCut(count: number): number {
  return Math.floor(count * TRAIN_SHARE);
}

/**
 * Assembles a backtest from aligned per-day arrays. `previous` is the close
 * before each actual close, so it is also the naive forecast.
 */
export function buildBacktest(dates: string[], actual: number[], predicted: number[], previous: number[]): Backtest {
  return {
    dates,
    actual,
    predicted,
    naive: previous,
    model: metrics(actual, predicted, previous),
    naiveMetrics: metrics(actual, previous, previous),
  };
}

/**
 * Returns the first trading day after `date`. The calendar lists TWSE
 * holidays only for some years. In other years it skips only
 * Saturdays and Sundays, so the date may fall on a holiday.
 */
export function nextTradingDate(date: string): string {
  let time = Date.parse(`${date}T00:00:00Z`);
  for (let step = 0; step < 366; step += 1) {
    time += DAY_MS;
    const candidate = new Date(time).toISOString().slice(0, 10);
    if (isTradingDay(candidate)) {
      return candidate;
    }
  }

  throw new Error(`no trading day within a year after ${date}`);
}

/** Throws when the bars are too few for a model that needs `minimum` of them. */
export function assertEnoughBars(count: number, minimum: number, model: string): void {
  if (count < minimum) {
    throw new RangeError(`${model} forecast needs at least ${minimum} daily bars, got ${count}; request a longer history`);
  }
}
