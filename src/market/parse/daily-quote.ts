import type { Market, Quote } from '../types.ts';
import { taipeiTime } from './dates.ts';
import { roundTo } from './values.ts';

/** The regular session of TWSE and TPEx closes at 13:30 Asia/Taipei. */
export const MARKET_CLOSE_TIME = '13:30';

/** The closing quotes of one exchange on one trading day. */
export interface DailyQuoteTable {
  /** Trading date, YYYY-MM-DD. */
  date: string;
  market: Market;
  source: string;
  quotes: Quote[];
}

/** One row of an exchange's daily close table, with volume already in shares. */
export interface DailyRow {
  code: string;
  name: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  /** Change from the previous close; null when the exchange made no comparison. */
  change: number | null;
  volumeShares: number | null;
  turnover: number | null;
  peRatio: number | null;
  decimals: number;
}

/** Builds an end-of-day quote, valid at the close of `date`, from a daily row. */
export function buildDailyQuote(row: DailyRow, date: string, market: Market, source: string): Quote {
  const previousClose = row.close !== null && row.change !== null ? roundTo(row.close - row.change, row.decimals) : null;
  const changePercent =
    row.change !== null && previousClose !== null && previousClose !== 0
      ? roundTo((row.change / previousClose) * 100, 2)
      : null;

  return {
    code: row.code,
    name: row.name,
    market,
    price: row.close,
    previousClose,
    change: row.close !== null ? row.change : null,
    changePercent: row.close !== null ? changePercent : null,
    open: row.open,
    high: row.high,
    low: row.low,
    volumeLots: sharesToLots(row.volumeShares),
    turnover: row.turnover,
    peRatio: row.peRatio,
    time: taipeiTime(date, MARKET_CLOSE_TIME),
    realtime: false,
    source,
    decimals: row.decimals,
  };
}

/**
 * Converts shares to lots (張). Daily totals include odd-lot trades, so the
 * result is rounded to whole lots.
 */
export function sharesToLots(shares: number | null): number | null {
  return shares === null ? null : Math.round(shares / 1000);
}
