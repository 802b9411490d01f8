import { MarketDataError, type Quote } from '../types.ts';
import { buildDailyQuote, type DailyQuoteTable } from './daily-quote.ts';
import { parseCompactDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireStringRow } from './json-body.ts';
import { TableColumns } from './table.ts';
import { maxDecimals, parseDecimal, parseSignedChange } from './values.ts';

const FORMAT = 'TPEx dailyQuotes';

export const TPEX_DAILY_SOURCE = '證券櫃檯買賣中心 上櫃股票行情';

/**
 * Parses TPEx `/www/zh-tw/afterTrading/dailyQuotes?response=json`: the
 * closing quote of every OTC security on one day. Rows come from every table
 * with quote fields, which covers both 上櫃股票行情 and 管理股票. The
 * change column may read `除息` or `除權` on ex-right days, and then the
 * change and previous close are null.
 */
export function parseTpexDailyQuotes(text: string): DailyQuoteTable {
  const body = requireObject(parseJsonBody(text, FORMAT), FORMAT);
  if (String(body['stat']).toLowerCase() !== 'ok') {
    throw new MarketDataError('malformed', `${FORMAT}: stat is ${JSON.stringify(body['stat'])}, expected "ok"`);
  }

  const date = parseCompactDate(String(body['date'] ?? ''));
  const tables = requireArray(body['tables'], `${FORMAT} tables`).map((table) => requireObject(table, `${FORMAT} table`));
  const quoteTables = tables.filter((table) => Array.isArray(table['fields']) && (table['fields'] as unknown[]).includes('代號'));
  if (quoteTables.length === 0) {
    throw new MarketDataError('malformed', `${FORMAT}: no table with a 代號 field`);
  }

  const quotes: Quote[] = [];
  for (const table of quoteTables) {
    const columns = new TableColumns(table['fields'], FORMAT);
    for (const value of requireArray(table['data'], `${FORMAT} data`)) {
      const row = requireStringRow(value, `${FORMAT} row`);
      const cell = (field: string): string => columns.cell(row, field);

      quotes.push(
        buildDailyQuote(
          {
            code: cell('代號').trim(),
            name: cell('名稱').trim(),
            open: parseDecimal(cell('開盤'), '開盤'),
            high: parseDecimal(cell('最高'), '最高'),
            low: parseDecimal(cell('最低'), '最低'),
            close: parseDecimal(cell('收盤'), '收盤'),
            change: parseSignedChange(cell('漲跌'), '漲跌'),
            volumeShares: parseDecimal(cell('成交股數'), '成交股數'),
            turnover: parseDecimal(cell('成交金額(元)'), '成交金額(元)'),
            peRatio: null,
            decimals: maxDecimals(['開盤', '最高', '最低', '收盤'].map(cell)),
          },
          date,
          'TPEx',
          TPEX_DAILY_SOURCE,
        ),
      );
    }
  }

  return { date, market: 'TPEx', source: TPEX_DAILY_SOURCE, quotes };
}
