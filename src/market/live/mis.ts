/**
 * TWSE MIS real-time quotes (`/stock/api/getStockInfo.jsp`), for TWSE and
 * TPEx securities alike. Many channels go in one request, parsed by the
 * same parser as the recordings, and the best bid and ask are added from
 * the order book fields.
 */
import { parseJsonBody, requireArray, requireObject } from '../parse/json-body.ts';
import { parseMisStockInfo } from '../parse/mis.ts';
import { parseDecimal } from '../parse/values.ts';
import type { Market, Quote } from '../types.ts';
import type { HttpClient } from './http.ts';

/** Channels per request. NOTE: an estimate that keeps the URL short; MIS documents no limit. */
export const MIS_BATCH_SIZE = 20;

const CHANNEL_PREFIX: Record<Market, string> = { TWSE: 'tse', TPEx: 'otc' };

export interface MisChannel {
  code: string;
  market: Market;
}

/** Returns the MIS channel name, for example `tse_2330.tw` or `otc_6488.tw`. */
export function misChannel(channel: MisChannel): string {
  return `${CHANNEL_PREFIX[channel.market]}_${channel.code}.tw`;
}

/**
 * Fetches real-time quotes for the channels, MIS_BATCH_SIZE per request.
 * Codes that MIS does not know are simply missing from the result. `price`
 * stays null before the first trade (`z` = `-`), and then `bid` and `ask`
 * show where the market is.
 */
export async function fetchMisQuotes(http: HttpClient, baseUrl: string, channels: readonly MisChannel[]): Promise<Quote[]> {
  const batches: MisChannel[][] = [];
  for (let start = 0; start < channels.length; start += MIS_BATCH_SIZE) {
    batches.push(channels.slice(start, start + MIS_BATCH_SIZE));
  }

  const results = await Promise.all(
    batches.map(async (batch) => {
      // MIS reads `|` as the channel separator, so the channels are joined after encoding each.
      const exCh = batch.map((channel) => encodeURIComponent(misChannel(channel))).join('|');
      const text = await http.getText(`${baseUrl}/stock/api/getStockInfo.jsp?ex_ch=${exCh}&json=1&delay=0`);
      return withBestBidAsk(parseMisStockInfo(text), text);
    }),
  );

  return results.flat();
}

/** Adds `bid` and `ask` from the first level of MIS's `b` and `a` order books (`592.0000_591.0000_…_`). */
function withBestBidAsk(quotes: Quote[], text: string): Quote[] {
  const entries = requireArray(requireObject(parseJsonBody(text, 'TWSE MIS getStockInfo'), 'TWSE MIS getStockInfo')['msgArray'], 'msgArray');
  const books = new Map<string, { bid: number | null; ask: number | null }>();
  for (const entry of entries) {
    const fields = requireObject(entry, 'TWSE MIS getStockInfo entry');
    books.set(`${String(fields['ex'])}:${String(fields['c']).trim()}`, { bid: bestLevel(fields['b']), ask: bestLevel(fields['a']) });
  }

  return quotes.map((quote) => {
    const book = books.get(`${CHANNEL_PREFIX[quote.market]}:${quote.code}`);
    return book === undefined ? quote : { ...quote, bid: book.bid, ask: book.ask };
  });
}

function bestLevel(value: unknown): number | null {
  if (typeof value !== 'string') {
    return null;
  }

  const first = value.split('_')[0] ?? '';
  const price = parseDecimal(first, 'order book');

  // MIS writes 0 for a market order level and for an empty side.
  return price === null || price === 0 ? null : price;
}
