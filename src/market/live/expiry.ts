/**
 * How long each kind of market data stays fresh in the cache, from the
 * trading calendar: quotes for seconds while prices move, everything else
 * until the exchanges publish the next day's figures.
 */
import { isMarketOpen, lastClosedTradingDay, nextClose, nextOpen, sessionClose, taipeiDate } from '../calendar.ts';

/** Quotes fetched while the market moves are refreshed this often. */
export const LIVE_QUOTE_TTL_MS = 10_000;

/**
 * MIS keeps updating for a few minutes after 13:30 while the closing
 * auction settles, so quotes stay short-lived until this long after the close.
 */
const CLOSING_AUCTION_MARGIN_MS = 5 * 60_000;

/**
 * Time after the close by which TWSE and TPEx have published the day's
 * tables. NOTE: an estimate; neither exchange documents the time.
 */
export const DAILY_PUBLISH_DELAY_MS = 60 * 60_000;

/** A month that has ended does not change, so it is kept this long. */
const PAST_MONTH_TTL_MS = 30 * 24 * 60 * 60_000;

/** Returns the expiry of a quote: ten seconds during a session, else the next open. */
export function quoteExpiry(fetchedAt: Date): Date {
  const ms = fetchedAt.getTime();
  const today = taipeiDate(ms);
  const settling = lastClosedTradingDay(ms) === today && ms < sessionClose(today) + CLOSING_AUCTION_MARGIN_MS;
  if (isMarketOpen(ms) || settling) {
    return new Date(ms + LIVE_QUOTE_TTL_MS);
  }

  return nextOpen(ms);
}

/** Returns the expiry of daily data: DAILY_PUBLISH_DELAY_MS after the next close, when that day's tables are out. */
export function dailyExpiry(fetchedAt: Date): Date {
  const ms = fetchedAt.getTime();
  return new Date(nextClose(ms - DAILY_PUBLISH_DELAY_MS).getTime() + DAILY_PUBLISH_DELAY_MS);
}

/** Returns the expiry of a month's bars: a month (YYYY-MM) before the current Taipei month is final, and the current one changes daily. */
export function monthExpiry(month: string, fetchedAt: Date): Date {
  if (month < taipeiDate(fetchedAt).slice(0, 7)) {
    return new Date(fetchedAt.getTime() + PAST_MONTH_TTL_MS);
  }

  return dailyExpiry(fetchedAt);
}

/** Returns the latest trading day whose daily tables should be published by `at`. */
export function latestPublishedDay(at: number): string {
  return lastClosedTradingDay(at - DAILY_PUBLISH_DELAY_MS);
}
