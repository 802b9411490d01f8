/**
 * Builds TWSE ISIN listing pages (`C_public.jsp?strMode=2` and `4`) from
 * the recorded twstock equities CSVs, because no real page is recorded.
 * twstock built those CSVs from the same pages, one row per security in
 * page order, with the section heading in `type`, so rendering the rows
 * back under their headings gives the page's content. The markup follows
 * the page as public scrapers show it: a one-line Big5 document, a header
 * row, `<B>` headings that are never closed, and code and name joined by an
 * ideographic space. The CSV drops the 備註 column, which is left empty.
 */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { marketDataFile } from './data-dir.ts';

const HEADER = ['有價證券代號及名稱 ', '國際證券辨識號碼(ISIN Code)', '上市日', '市場別', '產業別', 'CFICode', '備註'];

const TITLES = { twse: '本國上市證券國際證券辨識號碼一覽表', tpex: '本國上櫃證券國際證券辨識號碼一覽表' } as const;

export type IsinPageName = keyof typeof TITLES;

/** Renders the rows of a twstock CSV (`type,code,name,ISIN,start,market,group,CFI`) as the ISIN page's HTML. */
export function renderIsinHtml(csv: string, title: string): string {
  const [header, ...lines] = csv.split(/\r?\n/).filter((line) => line !== '');
  if (header !== 'type,code,name,ISIN,start,market,group,CFI') {
    throw new Error(`unexpected twstock CSV header ${JSON.stringify(header)}`);
  }

  const parts = [
    '<link rel="stylesheet" href="style1.css" type="text/css">',
    `<body><table  align=center><h2><strong><font class='h1'>${title}</font></strong></h2>`,
    "<h2><font color='red'><center>掛牌日以正式公告為準</center></font></h2></table>",
    "<TABLE class='h4' align=center cellSpacing=3 cellPadding=2 width=750 border=0>",
    `<tr align=center>${HEADER.map((name) => `<td bgcolor=#D5FFD5>${name}</td>`).join('')}</tr>`,
  ];

  let section = '';
  for (const line of lines) {
    // The recorded CSVs hold no quoted cells, so a plain split is exact.
    const [type = '', code = '', name = '', isin = '', start = '', market = '', group = '', cfi = ''] = line.split(',');
    if (type !== section) {
      section = type;
      parts.push(`<tr><td bgcolor=#FAFAD2 colspan=7 ><B> ${type} <B> </td></tr>`);
    }

    const cells = [`${code}\u3000${name}`, isin, start, market, group, cfi, ''];
    parts.push(`<tr>${cells.map((cell) => `<td bgcolor=#FAFAD2>${cell}</td>`).join('')}</tr>`);
  }

  parts.push("</table><font color='red'><center>掛牌日以正式公告為準</center></font>");
  return parts.join('');
}

/** Encodes text in Big5 with iconv-lite, an encoder independent of the decoder under test. */
export function encodeBig5(text: string): Uint8Array {
  return new Uint8Array(iconv.encode(text, 'big5'));
}

/** Returns the Big5 ISIN page of one market, built from its recorded CSV. */
export function isinPage(page: IsinPageName): Uint8Array {
  const csv = readFileSync(marketDataFile(`twstock-${page}_equities.csv`), 'utf8');
  return encodeBig5(renderIsinHtml(csv, TITLES[page]));
}
