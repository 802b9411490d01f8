/**
 * Loads the bars a chart request needs: the display window plus enough
 * earlier bars for MA60 and the indicator to be defined from the first
 * bar shown. When a source has nothing that recent (recorded data ends in
 * the past), the window ends at its last bar instead, which the chart's
 * date range and the latest-close line show.
 */
import { periodOf } from '../../machines/chart-options.ts';
import type { ChartRequest } from '../../machines/intents.ts';
import { resample, type Interval } from '../analysis/resample.ts';
import type { Bar, BarSeries, MarketData, PriceBasis } from '../market/types.ts';

export interface ChartData {
  /** Every bar loaded, warm-up included, at the requested interval. */
  bars: Bar[];
  /** Index of the first bar shown. */
  start: number;
  basis: PriceBasis;
  source: string;
}

/** MA60 is the longest look-back drawn; MACD needs 34 bars. */
const WARMUP_BARS = 60;

const DAYS_PER_BAR: Record<Interval, number> = { day: 1.5, week: 7, month: 31 };

export async function loadChartData(market: MarketData, request: ChartRequest, today: string): Promise<ChartData> {
  const months = periodOf(request.period)?.months;
  if (months === undefined) {
    throw new RangeError(`unknown period ${request.period}`);
  }
  const interval = request.interval as Interval;
  const warmupDays = Math.ceil(WARMUP_BARS * DAYS_PER_BAR[interval]);

  const series = await loadDailyBars(market, request.stock.code, shiftDays(shiftMonths(today, -months), -warmupDays), today);

  const bars = resample(series.bars, interval);
  const lastDate = bars.at(-1)?.date;
  if (lastDate === undefined) {
    return { bars: [], start: 0, basis: series.basis, source: series.source };
  }

  const windowStart = shiftMonths(lastDate, -months);
  const firstShown = bars.findIndex((bar) => bar.date > windowStart);
  const start = Math.max(0, firstShown);
  const from = Math.max(0, start - WARMUP_BARS);

  return { bars: bars.slice(from), start: start - from, basis: series.basis, source: series.source };
}

/**
 * Loads daily bars from `from` to `today`. When the source has none from the
 * last three weeks, because a recording ends in the past or a stock is
 * suspended, it loads the whole series so that callers can take the window
 * ending at its last bar.
 */
export async function loadDailyBars(market: MarketData, code: string, from: string, today: string): Promise<BarSeries> {
  const series = await market.getDailyBars(code, from, today);
  const lastDate = series.bars.at(-1)?.date;
  // A series that stops weeks before today (a recording, a long suspension) is cut short by `from`,
  // so the window is taken back from its own last bar instead.
  if (lastDate !== undefined && lastDate >= shiftDays(today, -STALE_SERIES_DAYS)) {
    return series;
  }
  return market.getDailyBars(code, '1990-01-01', today);
}

/** Longer than any TWSE holiday break (Lunar New Year is about nine days). */
const STALE_SERIES_DAYS = 21;

export function shiftMonths(date: string, months: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCMonth(day.getUTCMonth() + months);
  return day.toISOString().slice(0, 10);
}

export function shiftDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
