import type { messagingApi } from '@line/bot-sdk';

import { MAX_NEWS_ITEMS } from '../../news/merge.ts';
import type { NewsItem } from '../../news/types.ts';
import { formatTaipeiTime, MISSING } from '../format.ts';
import { MAX_ALT_TEXT, MAX_URI_LENGTH, truncateUtf16 } from '../limits.ts';

/** Shown instead of the carousel when the sources returned no items. */
export const NO_NEWS_TEXT = '目前沒有找到相關新聞，請稍後再試。';

/** The no-news text for recorded feeds, which omits 請稍後再試 because trying again reads the same files. */
export const NO_RECORDED_NEWS_TEXT = '目前沒有找到相關新聞。';

/** Shown instead of the carousel when every news source failed. */
export const NEWS_UNAVAILABLE_TEXT = '新聞來源暫時無法連線，請稍後再試。';

const UNKNOWN_TIME = '時間不明';
const OPEN_LABEL = '閱讀全文';

/** Headlines longer than this are cut; three wrapped lines of a kilo bubble show about 45 CJK characters. */
const MAX_TITLE_LENGTH = 100;

const TEXT_COLOR = '#111111';
const LABEL_COLOR = '#8C8C8C';
const LINK_COLOR = '#1A73E8';

/** Characters RFC 3986 allows in a URI; anything else is percent-encoded as UTF-8. */
const URI_CHARACTER = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/;

/**
 * Builds the 最新消息 carousel: one kilo bubble per headline (at most 10)
 * with its source and Asia/Taipei time, opening the article when tapped.
 * Items whose link is not http(s) or is over LINE's 1,000-character URI
 * limit are skipped. `heading` names the subject, for example
 * "台積電 2330 最新消息", and starts the altText.
 *
 * @throws RangeError when no item has a usable link, so callers send
 *   NO_NEWS_TEXT (or NO_RECORDED_NEWS_TEXT) instead.
 */
export function newsCarousel(items: readonly NewsItem[], heading: string): messagingApi.FlexMessage {
  const usable = items
    .map((item) => ({ item, uri: lineUri(item.link) }))
    .filter((entry): entry is { item: NewsItem; uri: string } => entry.uri !== null && entry.item.title.trim() !== '')
    .slice(0, MAX_NEWS_ITEMS);

  const first = usable[0];
  if (first === undefined) {
    throw new RangeError(`newsCarousel needs at least one item with an http(s) link; received ${items.length} items`);
  }

  const bubbles = usable.map(({ item, uri }, index) => newsBubble(item, uri, heading, `${index + 1}/${usable.length}`));
  return {
    type: 'flex',
    altText: truncateUtf16(`${heading}：${first.item.title.trim()}`, MAX_ALT_TEXT),
    contents: { type: 'carousel', contents: bubbles },
  };
}

function newsBubble(item: NewsItem, uri: string, heading: string, position: string): messagingApi.FlexBubble {
  const time = item.publishedAt === null ? UNKNOWN_TIME : formatTaipeiTime(item.publishedAt);
  const source = item.source.trim() === '' ? MISSING : item.source.trim();

  return {
    type: 'bubble',
    size: 'kilo',
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: [
        { type: 'text', text: `${heading} ${position}`, size: 'xxs', color: LABEL_COLOR, wrap: false },
        { type: 'text', text: truncateUtf16(item.title.trim(), MAX_TITLE_LENGTH), size: 'md', weight: 'bold', color: TEXT_COLOR, wrap: true, maxLines: 3 },
        { type: 'text', text: source, size: 'xs', color: LABEL_COLOR, wrap: false, margin: 'md' },
        { type: 'text', text: time, size: 'xs', color: LABEL_COLOR, wrap: false },
      ],
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      contents: [{ type: 'button', style: 'link', height: 'sm', color: LINK_COLOR, action: { type: 'uri', label: OPEN_LABEL, uri } }],
    },
    action: { type: 'uri', label: OPEN_LABEL, uri },
  };
}

/**
 * Returns `link` as a URI that LINE accepts for a uri action: http or
 * https, non-ASCII and other characters outside RFC 3986 percent-encoded,
 * at most 1,000 characters. Returns null otherwise. http links are kept as
 * they are, because many publishers serve no https page.
 */
export function lineUri(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }

  const uri = encodeOutsideRfc3986(url.href);
  return uri.length <= MAX_URI_LENGTH ? uri : null;
}

/** Percent-encodes what the WHATWG serialiser leaves raw but RFC 3986 forbids (`|`, `^`, `` ` ``, `{`, a `%` not starting an escape). */
function encodeOutsideRfc3986(href: string): string {
  let result = '';
  for (let index = 0; index < href.length; index += 1) {
    const char = href.charAt(index);
    if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(href.slice(index + 1, index + 3))) {
      result += char;
    } else if (URI_CHARACTER.test(char)) {
      result += char;
    } else {
      result += encodeURIComponent(char);
    }
  }
  return result;
}
