import { decodeHTML } from 'entities';

/** Summaries longer than this many UTF-16 units are cut; the card shows only the headline. */
export const MAX_SUMMARY_LENGTH = 200;

/** An opening or closing tag such as `<p>`, `</a>` or `<img src="…"/>`, but not a bare `<` in text. */
const TAG = /<\/?[A-Za-z][^<>]*>/g;

/** Elements whose content is never text for a reader. */
const HIDDEN_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/**
 * Converts feed text that may hold HTML (in CDATA, or escaped once more)
 * to plain text: drops tags, decodes named and numeric HTML entities and
 * collapses whitespace, including no-break spaces, to single spaces.
 */
export function htmlToText(html: string): string {
  const withoutTags = html.replace(HIDDEN_ELEMENT, ' ').replace(TAG, ' ');
  return collapseWhitespace(decodeHTML(withoutTags));
}

export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Cuts `text` to `max` UTF-16 units, ending with `…` when cut, without splitting a surrogate pair. */
export function shorten(text: string, max: number = MAX_SUMMARY_LENGTH): string {
  if (text.length <= max) {
    return text;
  }

  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end -= 1;
  }
  return `${text.slice(0, end)}…`;
}
