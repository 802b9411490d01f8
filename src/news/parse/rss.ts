/**
 * Parses an RSS 2.0 feed, such as Yahoo 奇摩股市's news feed of a stock
 * (`/rss?s=2330`) or of the market (`/rss?category=tw-market`).
 */
import { decodeXML } from 'entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { normalizeLink } from '../links.ts';
import { dedupeNews } from '../merge.ts';
import { NewsError, type NewsItem } from '../types.ts';
import { parseFeedDate } from './rss-date.ts';
import { collapseWhitespace, htmlToText, shorten } from './text.ts';

/** Source name of Yahoo 奇摩股市 feed items that name no publisher. */
export const YAHOO_NEWS_SOURCE = 'Yahoo奇摩股市';

export interface RssOptions {
  /** Source name for items without `<source>` in a feed without `<title>`. */
  fallbackSource?: string;
}

// Tag values stay strings (no number parsing), the XML entities and
// DOCTYPE entities are expanded within the parser's default limits, and
// CDATA is merged into the text. Each `item` is an array even when alone.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name, path) => path === 'rss.channel.item' && name === 'item',
});

/**
 * Returns the feed's items in feed order, de-duplicated by normalised
 * link. Items without an http(s) link are skipped, and dates that are
 * missing or unparsable become null. An empty channel gives [].
 *
 * @throws NewsError('malformed') when the text is not well-formed XML or has no `<rss><channel>`.
 */
export function parseRss(text: string, options: RssOptions = {}): NewsItem[] {
  const channel = readChannel(text);
  const channelTitle = htmlToText(textOf(channel.title));
  const fallbackSource = channelTitle !== '' ? channelTitle : (options.fallbackSource ?? '');

  const items: NewsItem[] = [];
  for (const entry of asArray(channel.item)) {
    const item = toNewsItem(entry, fallbackSource);
    if (item !== null) {
      items.push(item);
    }
  }

  return dedupeNews(items);
}

function readChannel(text: string): Record<string, unknown> {
  const body = text.trim();
  if (body === '') {
    throw new NewsError('malformed', 'RSS: empty response body');
  }

  const validation = XMLValidator.validate(body);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new NewsError('malformed', `RSS: invalid XML at line ${line}, column ${col}: ${msg}: ${preview(body)}`);
  }

  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    throw new NewsError('malformed', `RSS: XML parser failed: ${preview(body)}`, { cause: error });
  }

  const rss = fieldOf(document, 'rss');
  const channel = fieldOf(rss, 'channel');
  if (channel === '') {
    // <channel/> and <channel></channel> parse to '', a feed with no items.
    return {};
  }
  if (typeof channel !== 'object' || channel === null || Array.isArray(channel)) {
    throw new NewsError('malformed', `RSS: no <rss><channel> element: ${preview(body)}`);
  }

  return channel as Record<string, unknown>;
}

function toNewsItem(entry: unknown, fallbackSource: string): NewsItem | null {
  if (typeof entry !== 'object' || entry === null) {
    return null;
  }

  const fields = entry as Record<string, unknown>;

  // CDATA keeps `&amp;` undecoded. decodeXML needs the semicolon, so a
  // query such as `?a=1&copy=2` stays intact.
  const link = normalizeLink(decodeXML(textOf(fields.link)));
  const title = htmlToText(textOf(fields.title));
  if (link === null || title === '') {
    return null;
  }

  const source = htmlToText(textOf(fields.source));
  const item: NewsItem = {
    title,
    link,
    source: source !== '' ? source : fallbackSource,
    publishedAt: parseFeedDate(textOf(fields.pubDate) || textOf(fields['dc:date'])),
  };

  const summary = shorten(htmlToText(textOf(fields.description)));
  if (summary !== '') {
    item.summary = summary;
  }
  return item;
}

/** Returns the text of an element; a repeated element gives its first text. */
function textOf(value: unknown): string {
  if (Array.isArray(value)) {
    return textOf(value[0]);
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'object' && value !== null && '#text' in value) {
    return textOf((value as Record<string, unknown>)['#text']);
  }
  return '';
}

function fieldOf(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  return (value as Record<string, unknown>)[name];
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

function preview(text: string): string {
  return JSON.stringify(collapseWhitespace(text).slice(0, 80));
}
