/**
 * Labels of the TWSE ISIN listing pages (isin.twse.com.tw `C_public.jsp`),
 * shared by the page parser and the twstock CSV built from those pages:
 * section headings name the security type and the 市場別 column the market.
 */
import { MarketDataError, type Market, type SecurityType } from '../types.ts';

/** Section headings and their SecurityType. */
const TYPES: Record<string, SecurityType> = {
  股票: 'stock',
  ETF: 'etf',
  ETN: 'etn',
  特別股: 'preferred',
  '臺灣存託憑證(TDR)': 'tdr',
  '受益證券-不動產投資信託': 'reit',
  創新板: 'innovation',
  '上市認購(售)權證': 'warrant',
  '上櫃認購(售)權證': 'warrant',
};

/**
 * Returns the SecurityType of a section heading. Headings not in the table
 * above, such as 受益證券-資產基礎證券, become 'other', and any heading
 * naming 權證 is a warrant.
 */
export function securityTypeOfLabel(label: string): SecurityType {
  return TYPES[label] ?? (label.includes('權證') ? 'warrant' : 'other');
}

/** Returns the market of a 市場別 value: 上市 or 上市臺灣創新板 for TWSE, 上櫃 for TPEx. */
export function marketOfLabel(value: string, context: string, code: string): Market {
  if (value.startsWith('上市')) {
    return 'TWSE';
  }

  if (value.startsWith('上櫃')) {
    return 'TPEx';
  }

  throw new MarketDataError('malformed', `${context}: unknown market ${JSON.stringify(value)} for ${code}`);
}
