import { MarketDataError, type Market, type Quote } from '../types.ts';
import { parseCompactDate, taipeiTime } from './dates.ts';
import { parseJsonBody, requireArray, requireObject } from './json-body.ts';
import { countSignificantDecimals, parseDecimal, roundTo } from './values.ts';

const FORMAT = 'TWSE MIS getStockInfo';

export const MIS_SOURCE = '臺灣證券交易所 即時行情';

/** MIS pads prices to 4 places, and TWSE prints at least 2. */
const MIS_MINIMUM_DECIMALS = 2;

const MARKETS: Record<string, Market> = { tse: 'TWSE', otc: 'TPEx' };

/**
 * Parses TWSE MIS `getStockInfo.jsp` (real-time quotes, one `msgArray`
 * entry per requested channel). `z` is the last trade price, `-` before the
 * first trade; `y` is the previous close; `v` is the accumulated volume in
 * lots (張). The quote time comes from `d` and `t` in Asia/Taipei, because
 * `tlong` can point at the later after-hours session. An unknown code gives
 * an empty array, because MIS returns an empty `msgArray`.
 */
export function parseMisStockInfo(text: string): Quote[] {
  const body = requireObject(parseJsonBody(text, FORMAT), FORMAT);
  if (body['rtcode'] !== '0000') {
    throw new MarketDataError(
      'malformed',
      `${FORMAT}: rtcode is ${JSON.stringify(body['rtcode'])} (${String(body['rtmessage'])}), expected "0000"`,
    );
  }

  return requireArray(body['msgArray'], `${FORMAT} msgArray`).map((entry) => parseEntry(requireObject(entry, `${FORMAT} entry`)));
}

function parseEntry(entry: Record<string, unknown>): Quote {
  const field = (name: string): string => {
    const value = entry[name];
    if (typeof value !== 'string') {
      throw new MarketDataError('malformed', `${FORMAT}: entry ${JSON.stringify(entry['c'])} has no ${name}`);
    }

    return value;
  };

  const market = MARKETS[field('ex')];
  if (market === undefined) {
    throw new MarketDataError('malformed', `${FORMAT}: unknown exchange ${JSON.stringify(entry['ex'])}`);
  }

  const priceTexts = ['z', 'y', 'o', 'h', 'l'].map(field);
  const decimals = Math.max(...priceTexts.map((text) => countSignificantDecimals(text, MIS_MINIMUM_DECIMALS)));
  const price = parseDecimal(field('z'), 'z');
  const previousClose = parseDecimal(field('y'), 'y');
  const change = price !== null && previousClose !== null ? roundTo(price - previousClose, decimals) : null;
  const changePercent =
    change !== null && previousClose !== null && previousClose !== 0 ? roundTo((change / previousClose) * 100, 2) : null;

  return {
    code: field('c').trim(),
    name: field('n').trim(),
    market,
    price,
    previousClose,
    change,
    changePercent,
    open: parseDecimal(field('o'), 'o'),
    high: parseDecimal(field('h'), 'h'),
    low: parseDecimal(field('l'), 'l'),
    volumeLots: parseDecimal(field('v'), 'v'),
    turnover: null,
    peRatio: null,
    time: taipeiTime(parseCompactDate(field('d')), field('t')),
    realtime: true,
    source: MIS_SOURCE,
    decimals,
  };
}
