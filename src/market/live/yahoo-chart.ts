/**
 * Yahoo Finance's v8 chart API, for split-adjusted history over long
 * periods and for symbols outside Taiwan. TWSE codes take the `.TW`
 * suffix and TPEx codes `.TWO`.
 */
import { taipeiTime } from '../parse/dates.ts';
import { parseYahooChart } from '../parse/yahoo-chart.ts';
import type { BarSeries, Market } from '../types.ts';
import type { HttpClient } from './http.ts';

export type YahooInterval = '1d' | '1wk' | '1mo';

const SUFFIX: Record<Market, string> = { TWSE: '.TW', TPEx: '.TWO' };

/** Returns the Yahoo symbol of a Taiwan security, for example `2330.TW` or `6488.TWO`. */
export function yahooSymbol(code: string, market: Market): string {
  return code + SUFFIX[market];
}

/**
 * Fetches bars of `symbol` from the start of `from` to the end of `to`
 * (YYYY-MM-DD, Asia/Taipei days). Each bar is dated by the exchange's own
 * day, which for a weekly or monthly interval is the first day it covers.
 */
export async function fetchYahooChart(
  http: HttpClient,
  baseUrl: string,
  symbol: string,
  from: string,
  to: string,
  interval: YahooInterval = '1d',
): Promise<BarSeries> {
  const period1 = Math.floor(taipeiTime(from, '00:00') / 1000);
  const period2 = Math.floor(taipeiTime(to, '00:00') / 1000) + 24 * 60 * 60;
  const query = `period1=${period1}&period2=${period2}&interval=${interval}&events=div%7Csplit`;
  const text = await http.getText(`${baseUrl}/v8/finance/chart/${encodeURIComponent(symbol)}?${query}`);
  return parseYahooChart(text);
}
