/**
 * Parses the TWSE ISIN listing pages: `isin.twse.com.tw/isin/C_public.jsp`
 * with `strMode=2` (上市) and `strMode=4` (上櫃). A page is Big5 HTML with
 * one table: a header row (有價證券代號及名稱, 國際證券辨識號碼(ISIN Code),
 * 上市日, 市場別, 產業別, CFICode, 備註), then for each kind of security a
 * one-cell heading row (`<td colspan=7><B> 股票 <B> </td>`, the `<B>` never
 * closed) followed by its rows. The first cell contains the code and the name
 * separated by an ideographic space (U+3000), for example `2330　台積電`.
 * The markup is as seen in public scrapers of these pages (mlouielu/twstock
 * `twstock/codes/fetch.py` and Go and PHP clients' test pages).
 *
 * TODO: test against a recorded real page once one is available. The tests
 * render pages from twstock's CSVs, so what twstock drops (the 備註 column,
 * entities, stray markup) has not been checked against the real thing.
 */
import { decodeHTML } from 'entities';
import { MarketDataError, type Security, type SecurityType } from '../types.ts';
import { marketOfLabel, securityTypeOfLabel } from './isin-labels.ts';

const FORMAT = 'TWSE ISIN page';

const CODE_AND_NAME = '有價證券代號及名稱';
const MARKET = '市場別';
const INDUSTRY = '產業別';

const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * WHATWG's big5 decoder as Node 24's ICU provides it. NOTE: it drops
 * undecodable bytes instead of throwing even with `fatal: true`, so a page in
 * another encoding shows up as a missing header, not as a decoding error.
 */
const big5 = new TextDecoder('big5');

/**
 * Parses one ISIN page into securities, warrants included. The type of
 * each row comes from the section heading above it. Throws
 * MarketDataError('malformed') for an empty body, a page without the
 * table (such as an HTML error page), a missing column, a row before any
 * heading, a row without the U+3000 separator, or a table with no rows.
 */
export function parseIsinPage(body: Uint8Array): Security[] {
  const text = big5.decode(body);
  if (text.trim() === '') {
    throw new MarketDataError('malformed', `${FORMAT}: empty response body`);
  }

  const rows = splitRows(text);
  const headerIndex = rows.findIndex((cells) => cells.some((cell) => compact(cell) === CODE_AND_NAME));
  if (headerIndex === -1) {
    throw new MarketDataError('malformed', `${FORMAT}: no securities table (no ${CODE_AND_NAME} header) in ${preview(text)}`);
  }

  const header = (rows[headerIndex] ?? []).map(compact);
  const [codeColumn, marketColumn, industryColumn] = [CODE_AND_NAME, MARKET, INDUSTRY].map((name) => {
    const index = header.indexOf(name);
    if (index === -1) {
      throw new MarketDataError('malformed', `${FORMAT}: missing column ${name}`);
    }

    return index;
  }) as [number, number, number];

  const securities: Security[] = [];
  let type: SecurityType | null = null;

  for (const cells of rows.slice(headerIndex + 1)) {
    if (cells.length === 1) {
      type = securityTypeOfLabel(cells[0] ?? '');
      continue;
    }

    if (cells.length < header.length) {
      throw new MarketDataError('malformed', `${FORMAT}: row with ${cells.length} cells, expected 1 or ${header.length}: ${JSON.stringify(cells.join(' | ').slice(0, 80))}`);
    }

    const first = cells[codeColumn] ?? '';
    const separator = first.indexOf(IDEOGRAPHIC_SPACE);
    const code = first.slice(0, separator).trim();
    const name = first.slice(separator + 1).trim();
    if (separator === -1 || code === '' || name === '') {
      throw new MarketDataError('malformed', `${FORMAT}: expected code and name separated by U+3000 in ${JSON.stringify(first)}`);
    }

    if (type === null) {
      throw new MarketDataError('malformed', `${FORMAT}: row ${code} comes before any section heading`);
    }

    securities.push({
      code,
      name,
      market: marketOfLabel(cells[marketColumn] ?? '', FORMAT, code),
      type,
      industry: cells[industryColumn] ?? '',
    });
  }

  if (securities.length === 0) {
    throw new MarketDataError('malformed', `${FORMAT}: the table has no securities`);
  }

  return securities;
}

/**
 * Splits HTML into table rows of plain-text cells. A row ends at `</tr>`
 * or at the next `<tr>`, and a cell at `</td>` or at the next `<td>`,
 * because the pages leave tags unclosed.
 */
function splitRows(html: string): string[][] {
  return html
    .split(/<tr\b[^>]*>/i)
    .slice(1)
    .map((row) => (row.split(/<\/tr\s*>|<\/table\s*>/i)[0] ?? '').split(/<td\b[^>]*>/i).slice(1).map(cellText));
}

/** Drops tags and decodes entities. `trim` also removes a leading or trailing U+3000, which never separates code and name. */
function cellText(cell: string): string {
  const content = cell.split(/<\/td\s*>/i)[0] ?? '';
  return decodeHTML(content.replace(/<[^>]*>/g, '')).trim();
}

/** Header cells carry stray spaces, such as `有價證券代號及名稱 `. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function preview(text: string): string {
  return JSON.stringify(text.trim().slice(0, 80));
}
