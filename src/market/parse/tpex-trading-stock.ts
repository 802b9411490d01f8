import { MarketDataError, type Bar, type BarSeries } from '../types.ts';
import { sortBars, toTradedBar } from './bars.ts';
import { parseRocDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireString, requireStringRow } from './json-body.ts';
import { TableColumns } from './table.ts';
import { parseDecimal } from './values.ts';

const FORMAT = 'TPEx tradingStock';

export const TPEX_TRADING_STOCK_SOURCE = '證券櫃檯買賣中心 個股日成交資訊';

/**
 * Parses TPEx `/www/zh-tw/afterTrading/tradingStock?code=CODE&response=json`:
 * one month of raw daily prices for one OTC security. The volume column is
 * 成交仟股 (thousands of shares) and is converted to shares; a plain 成交股數
 * column is taken as shares.
 */
export function parseTpexTradingStock(text: string): BarSeries {
  const body = requireObject(parseJsonBody(text, FORMAT), FORMAT);
  if (String(body['stat']).toLowerCase() !== 'ok') {
    throw new MarketDataError('malformed', `${FORMAT}: stat is ${JSON.stringify(body['stat'])}, expected "ok"`);
  }

  const code = requireString(body['code'], `${FORMAT} code`).trim();
  const [table] = requireArray(body['tables'], `${FORMAT} tables`);
  const tableObject = requireObject(table, `${FORMAT} table`);
  const columns = new TableColumns(tableObject['fields'], FORMAT);
  const volumeField = columns.has('成交仟股') ? '成交仟股' : '成交股數';
  const volumeMultiplier = volumeField === '成交仟股' ? 1000 : 1;

  const bars: Bar[] = [];
  for (const value of requireArray(tableObject['data'], `${FORMAT} data`)) {
    const row = requireStringRow(value, `${FORMAT} row`);
    const cell = (field: string): string => columns.cell(row, field);
    const volume = parseDecimal(cell(volumeField), volumeField);
    const bar = toTradedBar({
      date: parseRocDate(cell('日期')),
      open: parseDecimal(cell('開盤'), '開盤'),
      high: parseDecimal(cell('最高'), '最高'),
      low: parseDecimal(cell('最低'), '最低'),
      close: parseDecimal(cell('收盤'), '收盤'),
      volume: volume === null ? null : volume * volumeMultiplier,
    });

    if (bar !== null) {
      bars.push(bar);
    }
  }

  return { code, basis: 'raw', source: TPEX_TRADING_STOCK_SOURCE, bars: sortBars(bars) };
}
