import { normalizeLink } from './links.ts';
import { MOPS_ANNOUNCEMENTS_URL } from './parse/twse-announcements.ts';
import type { NewsItem } from './types.ts';

/** Items in one carousel: LINE allows 12 bubbles, and ten headlines fit a phone screen's attention span. */
export const MAX_NEWS_ITEMS = 10;

/**
 * Links that many items share because the source has no per-item page
 * that can be linked to. Items with one of these are distinguished by
 * title and time as well.
 */
const SHARED_LINKS: ReadonlySet<string> = new Set([MOPS_ANNOUNCEMENTS_URL]);

/**
 * Returns the identity of an item for de-duplication: its normalised link,
 * extended with title and time for a shared listing page.
 */
export function newsKey(item: NewsItem): string {
  const link = normalizeLink(item.link) ?? item.link.trim();
  return SHARED_LINKS.has(link) ? `${link}\n${item.title}\n${item.publishedAt ?? ''}` : link;
}

/**
 * Drops later items whose key repeats an earlier one. When the kept item
 * has no time and a duplicate has one, the kept item takes that time.
 */
export function dedupeNews(items: readonly NewsItem[]): NewsItem[] {
  const byKey = new Map<string, NewsItem>();
  for (const item of items) {
    const key = newsKey(item);
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, item);
    } else if (first.publishedAt === null && item.publishedAt !== null) {
      byKey.set(key, { ...first, publishedAt: item.publishedAt });
    }
  }

  return [...byKey.values()];
}

/**
 * Merges lists from several sources: de-duplicated, newest first with
 * undated items last (in source order), at most `limit` items.
 */
export function mergeNews(lists: readonly (readonly NewsItem[])[], limit = MAX_NEWS_ITEMS): NewsItem[] {
  const unique = dedupeNews(lists.flat());

  // Array.prototype.sort is stable, so equal times keep their source order.
  unique.sort(compareNewestFirst);
  return unique.slice(0, limit);
}

function compareNewestFirst(a: NewsItem, b: NewsItem): number {
  if (a.publishedAt === null || b.publishedAt === null) {
    return (a.publishedAt === null ? 1 : 0) - (b.publishedAt === null ? 1 : 0);
  }

  return b.publishedAt - a.publishedAt;
}
