import { MarketDataError, type Bar, type BarSeries } from '../types.ts';
import { sortBars, toTradedBar } from './bars.ts';
import { parseRocDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireStringRow } from './json-body.ts';
import { TableColumns } from './table.ts';
import { parseDecimal } from './values.ts';

const FORMAT = 'TWSE STOCK_DAY';

export const STOCK_DAY_SOURCE = '臺灣證券交易所 個股日成交資訊';

/**
 * Parses TWSE `exchangeReport/STOCK_DAY?date=YYYYMMDD&stockNo=CODE`: one
 * month of raw daily prices for one listed security. The code comes from
 * the title, for example `104年05月 2330 台積電 各日成交資訊`. Volume
 * (成交股數) is in shares.
 */
export function parseStockDay(text: string): BarSeries {
  const body = requireObject(parseJsonBody(text, FORMAT), FORMAT);
  if (body['stat'] !== 'OK') {
    throw new MarketDataError('malformed', `${FORMAT}: stat is ${JSON.stringify(body['stat'])}, expected "OK"`);
  }

  const title = typeof body['title'] === 'string' ? body['title'] : '';
  const code = /^\S+\s+([0-9A-Z]+)\s/.exec(title)?.[1];
  if (code === undefined) {
    throw new MarketDataError('malformed', `${FORMAT}: no security code in title ${JSON.stringify(title)}`);
  }

  const columns = new TableColumns(body['fields'], FORMAT);
  const bars: Bar[] = [];
  for (const value of requireArray(body['data'], `${FORMAT} data`)) {
    const row = requireStringRow(value, `${FORMAT} row`);
    const cell = (field: string): string => columns.cell(row, field);
    const bar = toTradedBar({
      date: parseRocDate(cell('日期')),
      open: parseDecimal(cell('開盤價'), '開盤價'),
      high: parseDecimal(cell('最高價'), '最高價'),
      low: parseDecimal(cell('最低價'), '最低價'),
      close: parseDecimal(cell('收盤價'), '收盤價'),
      volume: parseDecimal(cell('成交股數'), '成交股數'),
    });

    if (bar !== null) {
      bars.push(bar);
    }
  }

  return { code, basis: 'raw', source: STOCK_DAY_SOURCE, bars: sortBars(bars) };
}
