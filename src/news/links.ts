/**
 * Link normalisation shared by the news parsers and the merge step, so that
 * the same article reached through different tracking links is one item.
 */

/**
 * Query parameters that only identify the campaign or click: Google
 * Analytics `utm_*`, the click ids of Facebook, Google, Microsoft and Yahoo
 * ads, Mailchimp's ids, and Yahoo's `.tsrc` (the feed that sent the click).
 */
const TRACKING_PARAMETER = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|\.tsrc)$/i;

/**
 * Returns `text` as an absolute http(s) URL with tracking parameters
 * removed, or null when it is empty, relative, unparsable or of another
 * scheme (javascript:, mailto:, …). WHATWG URL serialisation lower-cases
 * the host and percent-encodes non-ASCII characters in the path and query.
 */
export function normalizeLink(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return null;
  }

  // Filter the raw pairs instead of using searchParams, whose serialiser
  // re-encodes every other parameter (spaces become +, commas %2C).
  if (url.search !== '') {
    const kept = url.search
      .slice(1)
      .split('&')
      .filter((pair) => pair !== '' && !TRACKING_PARAMETER.test(parameterName(pair)));
    url.search = kept.length === 0 ? '' : `?${kept.join('&')}`;
  }

  return url.href;
}

function parameterName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}
