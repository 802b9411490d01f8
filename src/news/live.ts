/**
 * The live NewsProvider: Yahoo 奇摩股市 RSS (per stock and for the market)
 * and, for a stock, its TWSE material-information announcements. Sources
 * are requested in parallel. One that fails is logged and left out, and
 * only when every source fails does the call throw.
 */
import type { Logger } from '../logger.ts';
import type { MarketCache } from '../market/cache.ts';
import { MarketDataError } from '../market/types.ts';
import { mergeNews } from './merge.ts';
import { parseRss, YAHOO_NEWS_SOURCE } from './parse/rss.ts';
import { parseTwseAnnouncements } from './parse/twse-announcements.ts';
import { NewsError, type NewsItem, type NewsProvider } from './types.ts';

export interface NewsBaseUrls {
  /** Yahoo 奇摩股市, which serves `/rss?s=<code>` and `/rss?category=tw-market`. */
  yahooNews: string;
  /** TWSE OpenAPI including its version path, which serves `/opendata/t187ap04_L`. */
  twseOpenApi: string;
}

export const DEFAULT_NEWS_BASE_URLS: NewsBaseUrls = {
  yahooNews: 'https://tw.stock.yahoo.com',
  twseOpenApi: 'https://openapi.twse.com.tw/v1',
};

/** How long a complete result is served from the cache. */
export const NEWS_CACHE_MS = 10 * 60_000;

/** How long a result that lacks a failed source is cached, so that source is asked again soon. */
export const PARTIAL_NEWS_CACHE_MS = 60_000;

export interface LiveNewsOptions {
  /** GETs a URL and returns the body; rejects on any failure (the market HttpClient fits). */
  getText(url: string): Promise<string>;
  baseUrls?: Partial<NewsBaseUrls>;
  /** The shared Postgres cache; without it every call requests the sources. */
  cache?: MarketCache;
  logger?: Logger;
}

/** Items of one call, and whether every source returned a body that parsed. Plain data, as the cache stores JSON. */
interface Gathered {
  items: NewsItem[];
  complete: boolean;
}

interface Source {
  url: string;
  parse(text: string): NewsItem[];
}

export function createLiveNews(options: LiveNewsOptions): NewsProvider {
  const urls: NewsBaseUrls = { ...DEFAULT_NEWS_BASE_URLS, ...withoutTrailingSlash(options.baseUrls ?? {}) };
  const { cache, logger } = options;

  async function gather(sources: readonly Source[]): Promise<Gathered> {
    const results = await Promise.allSettled(sources.map(async (source) => source.parse(await options.getText(source.url))));

    const lists: NewsItem[][] = [];
    const failures: unknown[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') {
        lists.push(result.value);
        return;
      }

      failures.push(result.reason);
      logger?.warn({ err: result.reason, url: sources[index]?.url }, 'news source failed; leaving it out');
    });

    if (lists.length === 0) {
      throw new NewsError('unavailable', `all ${sources.length} news sources failed`, { cause: new AggregateError(failures) });
    }

    return { items: mergeNews(lists), complete: failures.length === 0 };
  }

  async function load(key: string, sources: readonly Source[]): Promise<NewsItem[]> {
    if (cache === undefined) {
      return (await gather(sources)).items;
    }

    try {
      const cached = await cache.getOrLoad(key, () => gather(sources), (value, fetchedAt) => {
        return new Date(fetchedAt.getTime() + (value.complete ? NEWS_CACHE_MS : PARTIAL_NEWS_CACHE_MS));
      });
      return cached.value.items;
    } catch (error) {
      // With nothing cached the cache rethrows the sources' failure as its own error type.
      if (error instanceof MarketDataError) {
        throw new NewsError('unavailable', error.message, { cause: error.cause ?? error });
      }
      throw error;
    }
  }

  return {
    async forStock(code: string): Promise<NewsItem[]> {
      const key = code.trim().toUpperCase();
      return load(`news:stock:${key}`, [
        { url: `${urls.yahooNews}/rss?s=${encodeURIComponent(key)}`, parse: (text) => parseRss(text, { fallbackSource: YAHOO_NEWS_SOURCE }) },
        { url: `${urls.twseOpenApi}/opendata/t187ap04_L`, parse: (text) => parseTwseAnnouncements(text, { code: key }) },
      ]);
    },

    async forMarket(): Promise<NewsItem[]> {
      return load('news:market', [
        { url: `${urls.yahooNews}/rss?category=tw-market`, parse: (text) => parseRss(text, { fallbackSource: YAHOO_NEWS_SOURCE }) },
      ]);
    },
  };
}

function withoutTrailingSlash(urls: Partial<NewsBaseUrls>): Partial<NewsBaseUrls> {
  const result: Partial<NewsBaseUrls> = {};
  for (const [name, url] of Object.entries(urls) as [keyof NewsBaseUrls, string | undefined][]) {
    if (url !== undefined) {
      result[name] = url.replace(/\/+$/, '');
    }
  }
  return result;
}
