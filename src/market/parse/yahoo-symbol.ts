/** Yahoo appends `.TW` to TWSE codes and `.TWO` to TPEx codes; other symbols pass through. */
export function codeFromYahooSymbol(symbol: string): string {
  return symbol.trim().toUpperCase().replace(/\.TWO?$/, '');
}

export const YAHOO_ADJUSTED_SOURCE = 'Yahoo Finance 調整後日線';
