import { MarketDataError } from '../types.ts';
import { buildDailyQuote, type DailyQuoteTable } from './daily-quote.ts';
import { parseCompactDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireStringRow } from './json-body.ts';
import { TableColumns } from './table.ts';
import { maxDecimals, parseDecimal, parseHtmlSignedChange } from './values.ts';

const FORMAT = 'TWSE MI_INDEX';

export const MI_INDEX_SOURCE = '臺灣證券交易所 每日收盤行情';

/**
 * Parses TWSE `/rwd/zh/afterTrading/MI_INDEX?type=ALLBUT0999` (or `ALL`):
 * the closing quote of every listed security on one day. The response contains
 * about ten tables, and the quotes are the one whose title contains
 * 每日收盤行情. A P/E (本益比) of 0.00 means none, so it becomes null.
 */
export function parseMiIndex(text: string): DailyQuoteTable {
  const body = requireObject(parseJsonBody(text, FORMAT), FORMAT);
  if (body['stat'] !== 'OK') {
    throw new MarketDataError('malformed', `${FORMAT}: stat is ${JSON.stringify(body['stat'])}, expected "OK"`);
  }

  const date = parseCompactDate(String(body['date'] ?? ''));
  const table = findQuoteTable(requireArray(body['tables'], `${FORMAT} tables`));
  const columns = new TableColumns(table['fields'], FORMAT);
  const rows = requireArray(table['data'], `${FORMAT} data`);

  const quotes = rows.map((value) => {
    const row = requireStringRow(value, `${FORMAT} row`);
    const cell = (field: string): string => columns.cell(row, field);
    const prices = ['開盤價', '最高價', '最低價', '收盤價'].map(cell);
    const peText = columns.has('本益比') ? cell('本益比') : '';
    const peRatio = parseDecimal(peText, '本益比');

    return buildDailyQuote(
      {
        code: cell('證券代號').trim(),
        name: cell('證券名稱').trim(),
        open: parseDecimal(cell('開盤價'), '開盤價'),
        high: parseDecimal(cell('最高價'), '最高價'),
        low: parseDecimal(cell('最低價'), '最低價'),
        close: parseDecimal(cell('收盤價'), '收盤價'),
        change: parseHtmlSignedChange(cell('漲跌(+/-)'), cell('漲跌價差'), '漲跌價差'),
        volumeShares: parseDecimal(cell('成交股數'), '成交股數'),
        turnover: parseDecimal(cell('成交金額'), '成交金額'),
        peRatio: peRatio === 0 ? null : peRatio,
        decimals: maxDecimals(prices),
      },
      date,
      'TWSE',
      MI_INDEX_SOURCE,
    );
  });

  return { date, market: 'TWSE', source: MI_INDEX_SOURCE, quotes };
}

function findQuoteTable(tables: unknown[]): Record<string, unknown> {
  for (const table of tables) {
    if (typeof table !== 'object' || table === null) {
      continue;
    }

    const title = (table as Record<string, unknown>)['title'];
    if (typeof title === 'string' && title.includes('每日收盤行情')) {
      return table as Record<string, unknown>;
    }
  }

  throw new MarketDataError('malformed', `${FORMAT}: no 每日收盤行情 table`);
}
