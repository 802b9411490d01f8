import { MarketDataError, type Bar, type BarSeries } from '../types.ts';
import { sortBars, toTradedBar } from './bars.ts';
import { isIsoDate } from './dates.ts';
import { YAHOO_ADJUSTED_SOURCE } from './yahoo-symbol.ts';
import { parseDecimal } from './values.ts';

const FORMAT = 'Yahoo download CSV';

const REQUIRED_COLUMNS = ['Date', 'Open', 'High', 'Low', 'Close', 'Volume'] as const;

/**
 * Parses a Yahoo Finance "download" CSV (`Date,Open,High,Low,Close,Adj
 * Close,Volume`) into bars for `code`. `Close` and the other prices are
 * split-adjusted, so the series has basis 'adjusted'. `Adj Close`, which is
 * also dividend-adjusted, is not used because it would not match Open, High
 * and Low. Rows with `null` cells or zero volume are dropped.
 */
export function parseYahooCsv(text: string, code: string): BarSeries {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const [headerLine, ...dataLines] = lines;
  if (headerLine === undefined) {
    throw new MarketDataError('malformed', `${FORMAT}: empty file`);
  }

  const header = headerLine.split(',').map((name) => name.trim());
  const indexes = REQUIRED_COLUMNS.map((name) => {
    const index = header.indexOf(name);
    if (index === -1) {
      throw new MarketDataError('malformed', `${FORMAT}: missing column ${name} in header ${JSON.stringify(headerLine.slice(0, 80))}`);
    }

    return index;
  });

  const bars: Bar[] = [];
  for (const line of dataLines) {
    const cells = line.split(',');
    const [date, open, high, low, close, volume] = indexes.map((index) => cells[index] ?? '');
    if (date === undefined || !isIsoDate(date.trim())) {
      throw new MarketDataError('malformed', `${FORMAT}: invalid date in row ${JSON.stringify(line.slice(0, 80))}`);
    }

    const bar = toTradedBar({
      date: date.trim(),
      open: parseDecimal(open ?? '', 'Open'),
      high: parseDecimal(high ?? '', 'High'),
      low: parseDecimal(low ?? '', 'Low'),
      close: parseDecimal(close ?? '', 'Close'),
      volume: parseDecimal(volume ?? '', 'Volume'),
    });

    if (bar !== null) {
      bars.push(bar);
    }
  }

  return { code, basis: 'adjusted', source: YAHOO_ADJUSTED_SOURCE, bars: sortBars(bars) };
}
