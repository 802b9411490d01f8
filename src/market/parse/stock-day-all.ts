import { MarketDataError } from '../types.ts';
import { buildDailyQuote, type DailyQuoteTable } from './daily-quote.ts';
import { parseRocDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireString } from './json-body.ts';
import { maxDecimals, parseDecimal, parseSignedChange } from './values.ts';

const FORMAT = 'TWSE OpenAPI STOCK_DAY_ALL';

export const STOCK_DAY_ALL_SOURCE = '臺灣證券交易所 每日收盤行情';

/**
 * Parses TWSE OpenAPI `/v1/exchangeReport/STOCK_DAY_ALL`: a JSON array with
 * one object per listed security, all for the same ROC `Date` (`1150708`).
 */
export function parseStockDayAll(text: string): DailyQuoteTable {
  const rows = requireArray(parseJsonBody(text, FORMAT), FORMAT);
  if (rows.length === 0) {
    throw new MarketDataError('malformed', `${FORMAT}: no rows`);
  }

  const dates = new Set<string>();
  const parsed = rows.map((value) => {
    const row = requireObject(value, `${FORMAT} row`);
    const field = (name: string): string => requireString(row[name], `${FORMAT} ${name}`);
    dates.add(parseRocDate(field('Date')));

    return {
      code: field('Code').trim(),
      name: field('Name').trim(),
      open: parseDecimal(field('OpeningPrice'), 'OpeningPrice'),
      high: parseDecimal(field('HighestPrice'), 'HighestPrice'),
      low: parseDecimal(field('LowestPrice'), 'LowestPrice'),
      close: parseDecimal(field('ClosingPrice'), 'ClosingPrice'),
      change: parseSignedChange(field('Change'), 'Change'),
      volumeShares: parseDecimal(field('TradeVolume'), 'TradeVolume'),
      turnover: parseDecimal(field('TradeValue'), 'TradeValue'),
      peRatio: null,
      decimals: maxDecimals(['OpeningPrice', 'HighestPrice', 'LowestPrice', 'ClosingPrice'].map(field)),
    };
  });

  if (dates.size !== 1) {
    throw new MarketDataError('malformed', `${FORMAT}: rows span ${dates.size} dates, expected one`);
  }

  const [date] = [...dates] as [string];
  const quotes = parsed.map((row) => buildDailyQuote(row, date, 'TWSE', STOCK_DAY_ALL_SOURCE));
  return { date, market: 'TWSE', source: STOCK_DAY_ALL_SOURCE, quotes };
}
