/** Yahoo appends `.TW` to TWSE codes and `.TWO` to TPEx codes; other symbols pass through. */
export function codeFromYahooSymbol(symbol: string): string {
  return symbol.trim().toUpperCase().replace(/\.TWO?$/, '');
}

/**
 * Source text of Yahoo's daily bars. It names only the source: the price basis
 * (split-adjusted, cash dividends not adjusted) is stated beside it.
 */
export const YAHOO_ADJUSTED_SOURCE = 'Yahoo Finance 日線';
