/** TPEx `afterTrading/tradingStock`: one month of raw daily bars of one OTC security per request. */
import { parseTpexTradingStock } from '../parse/tpex-trading-stock.ts';
import type { BarSeries } from '../types.ts';
import type { HttpClient } from './http.ts';
import { requireMonth } from './month.ts';

/** Fetches the bars of `code` in `month` (YYYY-MM); TPEx takes the month as `YYYY/MM/01`. */
export async function fetchTpexMonth(http: HttpClient, baseUrl: string, code: string, month: string): Promise<BarSeries> {
  const [year, monthNumber] = requireMonth(month);
  const date = encodeURIComponent(`${year}/${monthNumber}/01`);
  const text = await http.getText(`${baseUrl}/www/zh-tw/afterTrading/tradingStock?code=${encodeURIComponent(code)}&date=${date}&response=json`);
  return parseTpexTradingStock(text);
}
