/**
 * A NewsProvider that serves saved feeds from a directory, parsed by the
 * same parsers as the live provider. Files are found by name:
 *
 * - `news-yahoo-rss-<code>.xml`: Yahoo 奇摩股市 RSS of one stock
 * - `news-yahoo-rss-market.xml`: Yahoo 奇摩股市 RSS of the market
 * - `twse-t187ap04_L.json`: TWSE OpenAPI material-information announcements
 *
 * A missing file contributes no items, and a malformed one throws.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { mergeNews } from './merge.ts';
import { parseRss, YAHOO_NEWS_SOURCE } from './parse/rss.ts';
import { parseTwseAnnouncements } from './parse/twse-announcements.ts';
import { NewsError, type NewsItem, type NewsProvider } from './types.ts';

export const RECORDED_NEWS_FILES = {
  stockRss: (code: string) => `news-yahoo-rss-${code}.xml`,
  marketRss: 'news-yahoo-rss-market.xml',
  announcements: 'twse-t187ap04_L.json',
} as const;

/** Creates a NewsProvider over the recordings in `dir`. Each call reads the files again, so a test may replace them. */
export function createRecordedNews(dir: string): NewsProvider {
  async function readOptional(name: string): Promise<string | null> {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return null;
      }
      throw new NewsError('unavailable', `cannot read recorded news ${name}: ${String(error)}`, { cause: error });
    }
  }

  async function rss(name: string): Promise<NewsItem[]> {
    const text = await readOptional(name);
    return text === null ? [] : parseRss(text, { fallbackSource: YAHOO_NEWS_SOURCE });
  }

  return {
    recorded: true,

    async forStock(code: string): Promise<NewsItem[]> {
      const key = code.trim().toUpperCase();
      if (!/^[0-9A-Z]+$/.test(key)) {
        // The code becomes part of a file name, so anything else could leave `dir`.
        return [];
      }

      const announcements = await readOptional(RECORDED_NEWS_FILES.announcements);
      return mergeNews([
        await rss(RECORDED_NEWS_FILES.stockRss(key)),
        announcements === null ? [] : parseTwseAnnouncements(announcements, { code: key }),
      ]);
    },

    async forMarket(): Promise<NewsItem[]> {
      return mergeNews([await rss(RECORDED_NEWS_FILES.marketRss)]);
    },
  };
}
