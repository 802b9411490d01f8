/**
 * The news interface behind the 最新消息 dialogue. Providers (recorded feeds
 * and live sources) implement `NewsProvider`, and the message builder
 * depends only on `NewsItem`.
 */

/** One headline with a link to the full article or announcement. */
export interface NewsItem {
  title: string;
  /** Absolute http(s) URL, percent-encoded, with tracking parameters removed. */
  link: string;
  /** Publisher or feed name in zh-TW, for example 公開資訊觀測站 重大訊息; may be ''. */
  source: string;
  /** Publication time in epoch milliseconds, or null when the source gave none that parses. */
  publishedAt: number | null;
  /** Plain-text lead without HTML, where the source has one. */
  summary?: string;
}

export interface NewsProvider {
  /** True for saved feeds, which do not change while the bot runs, so asking again cannot bring new headlines. */
  readonly recorded?: boolean;
  /** Headlines about one security, newest first. `name` is its zh-TW name, for example 台積電. */
  forStock(code: string, name: string): Promise<NewsItem[]>;
  /** Headlines about the Taiwan market as a whole, newest first. */
  forMarket(): Promise<NewsItem[]>;
}

export type NewsErrorCode = 'unavailable' | 'malformed';

/** A news failure that the bot turns into a zh-TW message instead of a crash. */
export class NewsError extends Error {
  readonly code: NewsErrorCode;

  constructor(code: NewsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NewsError';
    this.code = code;
  }
}
