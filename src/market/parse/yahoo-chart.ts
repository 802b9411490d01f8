import { MarketDataError, type Bar, type BarSeries } from '../types.ts';
import { sortBars, toTradedBar } from './bars.ts';
import { localDateOfTimestamp } from './dates.ts';
import { parseJsonBody, requireArray, requireObject } from './json-body.ts';
import { codeFromYahooSymbol, YAHOO_ADJUSTED_SOURCE } from './yahoo-symbol.ts';

const FORMAT = 'Yahoo chart';

/**
 * Parses a Yahoo Finance v8 chart response (`{chart:{result:[...]}}`) into
 * daily bars, or the same response wrapped in a recorded HTTP exchange
 * `{request, response:{ok, status, bodyJson}}`. Prices come from
 * `indicators.quote[0]`, which is split-adjusted, so the basis is
 * 'adjusted'. Bars with a null price or zero volume are dropped.
 *
 * Timestamps are shifted by `meta.gmtoffset` to get the exchange-local date.
 * That offset is the one at fetch time, so across a daylight saving change
 * it is off by an hour, which cannot move a daily bar stamped at the
 * session open to another date.
 */
export function parseYahooChart(text: string): BarSeries {
  const chart = requireObject(unwrapRecordedExchange(parseJsonBody(text, FORMAT))['chart'], `${FORMAT} chart`);
  if (chart['error'] !== null && chart['error'] !== undefined) {
    throw new MarketDataError('malformed', `${FORMAT}: error ${JSON.stringify(chart['error'])}`);
  }

  const [result] = requireArray(chart['result'], `${FORMAT} result`);
  const resultObject = requireObject(result, `${FORMAT} result`);
  const meta = requireObject(resultObject['meta'], `${FORMAT} meta`);
  const symbol = meta['symbol'];
  const gmtoffset = meta['gmtoffset'];
  if (typeof symbol !== 'string' || typeof gmtoffset !== 'number') {
    throw new MarketDataError('malformed', `${FORMAT}: meta lacks symbol or gmtoffset`);
  }

  const timestamps = requireArray(resultObject['timestamp'] ?? [], `${FORMAT} timestamp`);
  const indicators = requireObject(resultObject['indicators'], `${FORMAT} indicators`);
  const [quote] = requireArray(indicators['quote'], `${FORMAT} indicators.quote`);
  const quoteObject = requireObject(quote, `${FORMAT} indicators.quote[0]`);
  const series = (name: string): unknown[] => {
    const values = requireArray(quoteObject[name], `${FORMAT} indicators.quote[0].${name}`);
    if (values.length !== timestamps.length) {
      throw new MarketDataError('malformed', `${FORMAT}: ${name} has ${values.length} values for ${timestamps.length} timestamps`);
    }

    return values;
  };

  const [opens, highs, lows, closes, volumes] = ['open', 'high', 'low', 'close', 'volume'].map(series) as [
    unknown[],
    unknown[],
    unknown[],
    unknown[],
    unknown[],
  ];

  const bars: Bar[] = [];
  timestamps.forEach((timestamp, index) => {
    if (typeof timestamp !== 'number') {
      throw new MarketDataError('malformed', `${FORMAT}: timestamp ${index} is not a number`);
    }

    const bar = toTradedBar({
      date: localDateOfTimestamp(timestamp, gmtoffset),
      open: numberOrNull(opens[index]),
      high: numberOrNull(highs[index]),
      low: numberOrNull(lows[index]),
      close: numberOrNull(closes[index]),
      volume: numberOrNull(volumes[index]),
    });

    if (bar !== null) {
      bars.push(bar);
    }
  });

  return { code: codeFromYahooSymbol(symbol), basis: 'adjusted', source: YAHOO_ADJUSTED_SOURCE, bars: sortBars(bars) };
}

function unwrapRecordedExchange(json: unknown): Record<string, unknown> {
  const body = requireObject(json, FORMAT);
  if (!('response' in body) || 'chart' in body) {
    return body;
  }

  const response = requireObject(body['response'], `${FORMAT} response`);
  if (response['ok'] === false || (typeof response['status'] === 'number' && response['status'] !== 200)) {
    throw new MarketDataError('malformed', `${FORMAT}: recorded response has status ${String(response['status'])}`);
  }

  return requireObject(response['bodyJson'], `${FORMAT} response.bodyJson`);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
