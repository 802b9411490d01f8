/**
 * The securities directory from the exchanges' daily close tables: TWSE
 * OpenAPI `exchangeReport/STOCK_DAY_ALL` (every listed security) and TPEx
 * `afterTrading/dailyQuotes` (every OTC security). Both are parsed by the
 * same parsers as the recordings.
 *
 * TODO: the ISIN pages (isin.twse.com.tw `C_public.jsp?strMode=2` and `4`,
 * Big5 HTML) list warrants and industries too. Parse them once a real page
 * is recorded to test against; until then `industry` is empty and the type
 * is guessed from the code.
 */
import { parseStockDayAll } from '../parse/stock-day-all.ts';
import { parseTpexDailyQuotes } from '../parse/tpex-daily.ts';
import type { Market, Quote, Security, SecurityType } from '../types.ts';
import type { HttpClient } from './http.ts';

export interface DirectoryBaseUrls {
  twseOpenApi: string;
  tpex: string;
}

/**
 * Fetches every security that traded on the last close: TWSE from
 * STOCK_DAY_ALL (which always serves its latest day) and TPEx from the
 * daily quotes of `tpexDate` (YYYY-MM-DD).
 */
export async function fetchSecurities(http: HttpClient, baseUrls: DirectoryBaseUrls, tpexDate: string): Promise<Security[]> {
  const tpexQuery = encodeURIComponent(tpexDate.replaceAll('-', '/'));
  const [twse, tpex] = await Promise.all([
    http.getText(`${baseUrls.twseOpenApi}/exchangeReport/STOCK_DAY_ALL`).then(parseStockDayAll),
    http.getText(`${baseUrls.tpex}/www/zh-tw/afterTrading/dailyQuotes?date=${tpexQuery}&response=json`).then(parseTpexDailyQuotes),
  ]);

  const byCode = new Map<string, Security>();
  for (const [market, quotes] of [['TWSE', twse.quotes], ['TPEx', tpex.quotes]] as [Market, Quote[]][]) {
    for (const quote of quotes) {
      if (!byCode.has(quote.code)) {
        byCode.set(quote.code, { code: quote.code, name: quote.name, market, type: guessSecurityType(quote.code), industry: '' });
      }
    }
  }

  return [...byCode.values()];
}

/**
 * Guesses the type from the shape of the code, as the daily tables carry
 * no type column. NOTE: a heuristic from TWSE and TPEx code conventions
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
