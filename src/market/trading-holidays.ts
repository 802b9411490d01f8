/**
 * The exchange holidays that the trading calendar reads: the days without
 * trading, by year. This module stores no schedule of its own beyond the
 * seed below. At start-up each process loads the schedule that the
 * holiday-refresh job stored in Postgres and installs it here (see
 * calendar-holder.ts), so the calendar functions stay pure and callers can
 * also hand a table in directly.
 */

/** A set of exchange holidays, as the calendar functions take it. */
export interface TradingHolidays {
  /** Days without trading (YYYY-MM-DD, Taipei) by year. A year that is absent has no known schedule. */
  readonly byYear: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * Called when the calendar checks a weekday in a year that has no
   * schedule, which it then counts as a trading day. The process edge
   * uses it to warn operators once per year.
   */
  readonly onUnknownYear?: (year: number) => void;
}

/**
 * The built-in schedule, used until a stored one is loaded and for years
 * the store lacks. 2026 (民國115年) is TWSE's 有價證券集中交易市場開(休)市日期表
 * as announced on 2025-10-29 and reported by udn.com on 2025-10-30;
 * 2026-02-12 and 02-13 are settlement-only days without trading.
 *
 * TODO: typhoon closures are announced on the day and appear in no
 * schedule, so the calendar counts such a day as a session. Handling them
 * needs a same-day source, and none has been found to parse.
 */
export const SEED_HOLIDAYS: Readonly<Record<number, readonly string[]>> = {
  2026: [
    '2026-01-01',
    '2026-02-12',
    '2026-02-13',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-27',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-06-19',
    '2026-09-25',
    '2026-09-28',
    '2026-10-09',
    '2026-10-26',
    '2026-12-25',
  ],
};

/** Builds a holiday table from dates by year. */
export function createTradingHolidays(
  datesByYear: Readonly<Record<number, readonly string[]>> | ReadonlyMap<number, readonly string[]>,
  onUnknownYear?: (year: number) => void,
): TradingHolidays {
  const entries: [number, readonly string[]][] =
    datesByYear instanceof Map ? [...(datesByYear as ReadonlyMap<number, readonly string[]>)] : Object.entries(datesByYear).map(([year, dates]) => [Number(year), dates]);
  const byYear = new Map<number, ReadonlySet<string>>(entries.map(([year, dates]) => [year, new Set(dates)]));
  return { byYear, onUnknownYear };
}

let installed: TradingHolidays = createTradingHolidays(SEED_HOLIDAYS);

/** Makes `holidays` the table that calendar functions use when none is passed. */
export function installTradingHolidays(holidays: TradingHolidays): void {
  installed = holidays;
}

/** Returns the installed table: the seed until the process edge installs the stored schedule. */
export function installedTradingHolidays(): TradingHolidays {
  return installed;
}
