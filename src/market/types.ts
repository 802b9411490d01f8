/**
 * The market-data interface. Providers (recorded files now, live exchange
 * endpoints later) implement `MarketData`; everything else depends only on
 * these types. Prices are numbers parsed from the exchange's decimal
 * strings; `decimals` keeps how many places the source gave so display code
 * can print them without floating-point noise.
 */

export type Market = 'TWSE' | 'TPEx';

export type SecurityType = 'stock' | 'etf' | 'etn' | 'preferred' | 'tdr' | 'reit' | 'innovation' | 'warrant' | 'other';

/** One row of the securities directory. */
export interface Security {
  code: string;
  name: string;
  market: Market;
  type: SecurityType;
  /** Industry in Chinese, for example 半導體業; empty for ETFs and warrants. */
  industry: string;
}

/** A real-time or end-of-day quote. */
export interface Quote {
  code: string;
  name: string;
  market: Market;
  /** Last trade price; null when there has been no trade yet (MIS `z` = `-`). */
  price: number | null;
  previousClose: number | null;
  /** price − previousClose; null when either is unknown. */
  change: number | null;
  /** Percent, for example 1.25 for +1.25 %. */
  changePercent: number | null;
  open: number | null;
  high: number | null;
  low: number | null;
  /** Accumulated volume in lots (張, 1 張 = 1,000 shares). */
  volumeLots: number | null;
  /** Turnover in TWD, where the source gives it. */
  turnover: number | null;
  /** Price/earnings ratio, where the source gives it. */
  peRatio: number | null;
  /** When the quote was valid, as epoch milliseconds. */
  time: number;
  /** True for an intraday real-time quote, false for an end-of-day close. */
  realtime: boolean;
  /** Human-readable source in zh-TW, for example 臺灣證券交易所 即時行情. */
  source: string;
  /** Decimal places the source used for prices. */
  decimals: number;
  /** Best bid and ask from a real-time order book; absent or null where unknown. */
  bid?: number | null;
  ask?: number | null;
  /**
   * True when the source failed and this is an expired cached copy. `time`
   * stays the data's own time, and such a quote also has `realtime` false.
   */
  stale?: boolean;
}

/** One OHLCV bar. `date` is the Asia/Taipei trading date, YYYY-MM-DD. */
export interface Bar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Shares traded. */
  volume: number;
}

/** Whether bar prices are raw exchange prices or split/dividend adjusted. */
export type PriceBasis = 'raw' | 'adjusted';

export interface BarSeries {
  code: string;
  basis: PriceBasis;
  source: string;
  bars: Bar[];
  /** True when the source failed and these bars are an expired cached copy. */
  stale?: boolean;
}

/** The result of resolving what a user typed to a security. */
export type StockResolution =
  /** `match` records how: exact code, exact name, or the only partial-name match. */
  | { kind: 'found'; security: Security; match: 'code' | 'name' | 'partial' }
  | { kind: 'ambiguous'; candidates: Security[] }
  | { kind: 'notFound'; query: string };

export interface MarketData {
  /** Quote for one code; throws MarketDataError when nothing can be served. */
  getQuote(code: string): Promise<Quote>;
  /** Daily bars between two YYYY-MM-DD dates, inclusive, oldest first. */
  getDailyBars(code: string, from: string, to: string): Promise<BarSeries>;
  /** Every security of both markets, warrants included. */
  listSecurities(): Promise<Security[]>;
}

export type MarketDataErrorCode = 'unavailable' | 'notFound' | 'malformed';

/** A failure that the bot turns into a zh-TW message instead of a crash. */
export class MarketDataError extends Error {
  readonly code: MarketDataErrorCode;

  constructor(code: MarketDataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarketDataError';
    this.code = code;
  }
}
