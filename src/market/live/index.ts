/**
 * The live MarketData. Quotes come from TWSE MIS, recent raw history from
 * the TWSE and TPEx monthly tables, and long or foreign history from
 * Yahoo's chart API. The securities directory comes from the TWSE ISIN
 * listing pages, or from the exchanges' daily close tables when those fail
 * (see directory.ts). Every source sits behind the shared Postgres cache,
 * whose stale fallback is described in cache.ts.
 */
import { DEFAULT_MARKET_BASE_URLS, type MarketBaseUrls } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Pool } from '../../db/pool.ts';
import { createMarketCache, type MarketCache } from '../cache.ts';
import { taipeiDate } from '../calendar.ts';
import { isIsoDate } from '../parse/dates.ts';
import { mergeSeries } from '../series-choice.ts';
import { MarketDataError, type BarSeries, type MarketData, type Quote, type Security } from '../types.ts';
import { fetchSecurities } from './directory.ts';
import { dailyExpiry, latestPublishedDay, monthExpiry, quoteExpiry } from './expiry.ts';
import { createHttpClient, type HttpClient, type HttpClientOptions } from './http.ts';
import { fetchMisQuotes, type MisChannel } from './mis.ts';
import { monthsBetween } from './month.ts';
import { fetchTpexMonth } from './tpex-trading-stock.ts';
import { fetchTwseMonth } from './twse-stock-day.ts';
import { fetchYahooChart, yahooSymbol } from './yahoo-chart.ts';

export type LiveBaseUrls = MarketBaseUrls;

/**
 * Ranges of up to this many calendar months come from the exchanges, with
 * one request per month. Longer ones take one Yahoo request, because TWSE
 * blocks clients that send many requests in a short time.
 */
export const MAX_EXCHANGE_MONTHS = 6;

export interface LiveMarketDataOptions {
  pool: Pool;
  logger: Logger;
  baseUrls?: Partial<LiveBaseUrls>;
  /** Current time in epoch milliseconds; tests move it. */
  now?: () => number;
  http?: Omit<HttpClientOptions, 'logger'>;
  /** Per-attempt timeout of the ISIN listing pages; directory.ts sets the default. */
  isinTimeoutMs?: number;
}

export interface LiveMarketData extends MarketData {
  /** Quotes of many codes with one MIS request per batch; codes without a quote are left out. */
  getQuotes(codes: readonly string[]): Promise<Map<string, Quote>>;
}

export function createLiveMarketData(options: LiveMarketDataOptions): LiveMarketData {
  const urls: LiveBaseUrls = { ...DEFAULT_MARKET_BASE_URLS, ...options.baseUrls };
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const http = createHttpClient({ ...options.http, logger });
  const cache = createMarketCache({ pool: options.pool, logger, now });

  /**
   * The directory as last read from a fresh cache row. With warrants it
   * contains about 47,000 securities (some 4 MB of JSON), too much to read and
   * index again for every quote, so it is reused while that row is unchanged.
   */
  let heldDirectory: { fetchedAt: number; securities: Security[]; byCode: Map<string, Security> } | null = null;

  async function loadDirectory(): Promise<{ securities: Security[]; byCode: Map<string, Security> }> {
    if (heldDirectory !== null && (await cache.freshFetchedAt('directory'))?.getTime() === heldDirectory.fetchedAt) {
      return heldDirectory;
    }

    const cached = await cache.getOrLoad(
      'directory',
      () => fetchSecurities(http, urls, { logger, tpexDate: latestPublishedDay(now()), isinTimeoutMs: options.isinTimeoutMs }),
      (_value, fetchedAt) => dailyExpiry(fetchedAt),
    );
    const loaded = {
      fetchedAt: cached.fetchedAt.getTime(),
      securities: cached.value,
      byCode: new Map(cached.value.map((security) => [security.code.toUpperCase(), security])),
    };

    heldDirectory = cached.stale ? null : loaded;
    return loaded;
  }

  async function listSecurities(): Promise<Security[]> {
    return [...(await loadDirectory()).securities];
  }

  /** Returns the directory by code, or an empty map when it cannot be loaded, so that quotes request both markets from MIS. */
  async function directoryByCode(): Promise<Map<string, Security>> {
    try {
      return (await loadDirectory()).byCode;
    } catch (error) {
      logger.warn({ err: error }, 'securities directory unavailable; requesting both markets from MIS');
      return new Map();
    }
  }

  async function loadQuotes(keys: string[]): Promise<Map<string, Quote>> {
    const directory = await directoryByCode();
    const channels: MisChannel[] = keys.flatMap((key) => {
      const code = key.slice('quote:'.length);
      const security = directory.get(code);
      return security === undefined ? [{ code, market: 'TWSE' }, { code, market: 'TPEx' }] : [{ code, market: security.market }];
    });

    const quotes = await fetchMisQuotes(http, urls.twseMis, channels);
    return new Map(quotes.map((quote) => [quoteKey(quote.code), quote]));
  }

  async function getQuotes(codes: readonly string[]): Promise<Map<string, Quote>> {
    const keys = codes.map(quoteKey);
    const { values, error } = await cache.getManyOrLoad(keys, loadQuotes, (_quote, fetchedAt) => quoteExpiry(fetchedAt));

    const quotes = new Map<string, Quote>();
    for (const code of codes) {
      const cached = values.get(quoteKey(code));
      if (cached !== undefined) {
        // A stale quote must never read as live, so it also loses `realtime`.
        quotes.set(normalizeCode(code), cached.stale ? { ...cached.value, stale: true, realtime: false } : cached.value);
      }
    }

    if (quotes.size === 0 && error !== null && codes.length > 0) {
      throw new MarketDataError('unavailable', `quotes for ${codes.slice(0, 5).join(', ')} are unavailable and nothing is cached`, { cause: error });
    }

    return quotes;
  }

  return {
    getQuotes,

    async getQuote(code: string): Promise<Quote> {
      const quote = (await getQuotes([code])).get(normalizeCode(code));
      if (quote === undefined) {
        throw new MarketDataError('notFound', `no quote for ${JSON.stringify(code)}`);
      }

      return quote;
    },

    async getDailyBars(code: string, from: string, to: string): Promise<BarSeries> {
      if (!isIsoDate(from) || !isIsoDate(to) || from > to) {
        throw new RangeError(`invalid date range ${JSON.stringify(from)} to ${JSON.stringify(to)}, expected YYYY-MM-DD, from ≤ to`);
      }

      const key = normalizeCode(code);
      const security = (await directoryByCode()).get(key);
      const today = taipeiDate(now());
      if (from > today) {
        return { code: key, basis: 'raw', source: '', bars: [] };
      }

      const months = monthsBetween(from, to < today ? to : today);

      let series: BarSeries;
      if (security !== undefined && months.length <= MAX_EXCHANGE_MONTHS) {
        series = await loadExchangeMonths(cache, http, urls, security, months);
      } else if (security !== undefined || /^[A-Z^]/.test(key)) {
        // Codes outside the directory that start with a letter are taken as Yahoo symbols (AAPL, ^TWII).
        const symbol = security === undefined ? key : yahooSymbol(security.code, security.market);
        const cached = await cache.getOrLoad(
          `bars:yahoo:${symbol}:${from}:${to}:1d`,
          () => fetchYahooChart(http, urls.yahoo, symbol, from, to),
          (_value, fetchedAt) => dailyExpiry(fetchedAt),
        );
        series = cached.stale ? { ...cached.value, stale: true } : cached.value;
      } else {
        throw new MarketDataError('notFound', `no security with code ${JSON.stringify(code)}`);
      }

      return { ...series, code: key, bars: series.bars.filter((bar) => bar.date >= from && bar.date <= to) };
    },

    listSecurities,
  };
}

async function loadExchangeMonths(
  cache: MarketCache,
  http: HttpClient,
  urls: LiveBaseUrls,
  security: Security,
  months: readonly string[],
): Promise<BarSeries> {
  const parts = await Promise.all(
    months.map((month) =>
      cache.getOrLoad(
        `bars:${security.market}:${security.code}:${month}`,
        () => (security.market === 'TWSE' ? fetchTwseMonth(http, urls.twse, security.code, month) : fetchTpexMonth(http, urls.tpex, security.code, month)),
        (_value, fetchedAt) => monthExpiry(month, fetchedAt),
      ),
    ),
  );

  const merged = mergeSeries(parts.map((part) => part.value));
  if (merged === undefined) {
    throw new MarketDataError('notFound', `no months requested for ${security.code}`);
  }

  return parts.some((part) => part.stale) ? { ...merged, stale: true } : merged;
}

function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

function quoteKey(code: string): string {
  return `quote:${normalizeCode(code)}`;
}
