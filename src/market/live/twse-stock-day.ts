/** TWSE `exchangeReport/STOCK_DAY`: one month of raw daily bars of one listed security per request. */
import { parseStockDay } from '../parse/stock-day.ts';
import type { BarSeries } from '../types.ts';
import type { HttpClient } from './http.ts';
import { requireMonth } from './month.ts';

/** Fetches the bars of `code` in `month` (YYYY-MM); TWSE wants any date of the month, so the 1st is sent. */
export async function fetchTwseMonth(http: HttpClient, baseUrl: string, code: string, month: string): Promise<BarSeries> {
  const [year, monthNumber] = requireMonth(month);
  const date = `${year}${monthNumber}01`;
  const text = await http.getText(`${baseUrl}/exchangeReport/STOCK_DAY?response=json&date=${date}&stockNo=${encodeURIComponent(code)}`);
  return parseStockDay(text);
}
