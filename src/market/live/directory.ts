/**
 * The securities directory, one market at a time. The primary source is
 * the market's TWSE ISIN listing page (`C_public.jsp?strMode=2` for TWSE,
 * `4` for TPEx), which lists every security with its type and industry,
 * warrants included. When that host fails or serves something else, the
 * market falls back to its daily close table: TWSE OpenAPI
 * `exchangeReport/STOCK_DAY_ALL` or TPEx `afterTrading/dailyQuotes`. Those
 * list only what traded on the last close, carry no industry, and leave the
 * type to be guessed from the code.
 */
import type { Logger } from '../../logger.ts';
import { parseIsinPage } from '../parse/isin-page.ts';
import { parseStockDayAll } from '../parse/stock-day-all.ts';
import { parseTpexDailyQuotes } from '../parse/tpex-daily.ts';
import { MarketDataError, type Market, type Quote, type Security, type SecurityType } from '../types.ts';
import type { HttpClient } from './http.ts';

export interface DirectoryBaseUrls {
  twseIsin: string;
  twseOpenApi: string;
  tpex: string;
}

export interface DirectoryOptions {
  logger: Logger;
  /** The day whose TPEx daily quotes the fallback requests, YYYY-MM-DD. */
  tpexDate: string;
  /** Per-attempt timeout of an ISIN page; ISIN_TIMEOUT_MS unless set. */
  isinTimeoutMs?: number;
}

/**
 * The TWSE page lists some 35,000 securities, most of them warrants, in
 * about 10 MB of HTML, so it gets longer than the client's default timeout.
 * NOTE: an estimate from the row count of the recorded lists, because the
 * real page's size and transfer time are unmeasured.
 */
export const ISIN_TIMEOUT_MS = 30_000;

/** The `strMode` of each market's ISIN page. */
const ISIN_MODES: Record<Market, number> = { TWSE: 2, TPEx: 4 };

/** Fetches every security of both markets; a code listed by both keeps its TWSE row. */
export async function fetchSecurities(http: HttpClient, baseUrls: DirectoryBaseUrls, options: DirectoryOptions): Promise<Security[]> {
  const lists = await Promise.all((['TWSE', 'TPEx'] as const).map((market) => fetchMarket(http, baseUrls, market, options)));

  const byCode = new Map<string, Security>();
  for (const security of lists.flat()) {
    if (!byCode.has(security.code)) {
      byCode.set(security.code, security);
    }
  }

  return [...byCode.values()];
}

async function fetchMarket(http: HttpClient, baseUrls: DirectoryBaseUrls, market: Market, options: DirectoryOptions): Promise<Security[]> {
  const url = `${baseUrls.twseIsin}/isin/C_public.jsp?strMode=${ISIN_MODES[market]}`;
  try {
    const page = await http.getBytes(url, { timeoutMs: options.isinTimeoutMs ?? ISIN_TIMEOUT_MS });
    return parseIsinPage(page);
  } catch (error) {
    if (!(error instanceof MarketDataError)) {
      throw error;
    }

    options.logger.warn({ err: error, market }, 'ISIN listing page failed; using the daily close table for this market, without industries');
  }

  const quotes = market === 'TWSE' ? await fetchStockDayAll(http, baseUrls.twseOpenApi) : await fetchTpexDaily(http, baseUrls.tpex, options.tpexDate);
  return quotes.map((quote) => ({ code: quote.code, name: quote.name, market, type: guessSecurityType(quote.code), industry: '' }));
}

/** STOCK_DAY_ALL always serves its latest day. */
async function fetchStockDayAll(http: HttpClient, baseUrl: string): Promise<Quote[]> {
  return parseStockDayAll(await http.getText(`${baseUrl}/exchangeReport/STOCK_DAY_ALL`)).quotes;
}

async function fetchTpexDaily(http: HttpClient, baseUrl: string, date: string): Promise<Quote[]> {
  const query = encodeURIComponent(date.replaceAll('-', '/'));
  return parseTpexDailyQuotes(await http.getText(`${baseUrl}/www/zh-tw/afterTrading/dailyQuotes?date=${query}&response=json`)).quotes;
}

/**
 * Guesses the type from the shape of the code, as the daily close tables
 * carry no type column. NOTE: a heuristic from TWSE and TPEx code conventions
 * (00xx ETFs, 01xxxT REITs, 02xxxx ETNs, 91xxxx TDRs, six-character
 * warrants, a letter after four digits for preferred shares). Against the
 * twstock equities lists it misses only innovation-board shares, which
 * come out as 'stock', and a few TDRs with four-digit codes.
 */
export function guessSecurityType(code: string): SecurityType {
  if (/^01\d{3}T$/.test(code)) {
    return 'reit';
  }

  if (/^02\d{3}[0-9A-Z]$/.test(code)) {
    return 'etn';
  }

  if (/^91\d{4}$/.test(code)) {
    return 'tdr';
  }

  if (/^01\d{3}[0-9A-Z]$/.test(code)) {
    return 'other';
  }

  if (/^00\d{2,4}[A-Z]?$/.test(code)) {
    return 'etf';
  }

  if (/^[1-9]\d{3}$/.test(code)) {
    return 'stock';
  }

  if (/^[1-9]\d{3}[A-Z]$/.test(code)) {
    return 'preferred';
  }

  if (/^\d{5}[0-9A-Z]$/.test(code)) {
    return 'warrant';
  }

  return 'other';
}
