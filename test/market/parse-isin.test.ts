/**
 * The ISIN page parser. No real ISIN page is recorded, so the pages here
 * are generated from the recorded twstock CSVs, which twstock built from
 * those very pages (see isin-pages.ts), and encoded in Big5 as the
 * exchange serves them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parseIsinPage } from '../../src/market/parse/isin-page.ts';
import { parseTwstockCsv } from '../../src/market/parse/twstock-csv.ts';
import { MarketDataError, type Security } from '../../src/market/types.ts';
import { marketDataFile } from './data-dir.ts';
import { encodeBig5, isinPage, renderIsinHtml } from './isin-pages.ts';

const isMalformed =
  (pattern: RegExp) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === 'malformed' && pattern.test(error.message);

const HEADER =
  '<tr align=center><td bgcolor=#D5FFD5>有價證券代號及名稱 </td><td bgcolor=#D5FFD5>國際證券辨識號碼(ISIN Code)</td>' +
  '<td bgcolor=#D5FFD5>上市日</td><td bgcolor=#D5FFD5>市場別</td><td bgcolor=#D5FFD5>產業別</td>' +
  '<td bgcolor=#D5FFD5>CFICode</td><td bgcolor=#D5FFD5>備註</td></tr>';

/** Renders one data row in the page's markup. */
function row(codeAndName: string, market = '上市', industry = '半導體業'): string {
  const cells = [codeAndName, 'TW0002330008', '1994/09/05', market, industry, 'ESVUFR', ''];
  return `<tr>${cells.map((cell) => `<td bgcolor=#FAFAD2>${cell}</td>`).join('')}</tr>`;
}

function heading(label: string): string {
  return `<tr><td bgcolor=#FAFAD2 colspan=7 ><B> ${label} <B> </td></tr>`;
}

function page(...rows: string[]): Uint8Array {
  return encodeBig5(`<body><TABLE class='h4' align=center>${rows.join('')}</table>`);
}

describe('parseIsinPage on the TWSE page', () => {
  let securities: Security[];
  let byCode: Map<string, Security>;

  before(() => {
    securities = parseIsinPage(isinPage('twse'));
    byCode = new Map(securities.map((security) => [security.code, security]));
  });

  it('reads 2330 with its industry', () => {
    assert.deepEqual(byCode.get('2330'), { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' });
  });

  it('types 00878 as an ETF', () => {
    assert.equal(byCode.get('00878')?.type, 'etf');
    assert.equal(byCode.get('00878')?.name, '國泰永續高股息');
    assert.equal(byCode.get('00878')?.industry, '');
  });

  it('keeps warrants, typed as warrants', () => {
    const warrants = securities.filter((security) => security.type === 'warrant');
    assert.equal(warrants.length, 33894);
    assert.ok(warrants.every((security) => /^\d{5}[0-9A-Z]$/.test(security.code)), 'warrant codes have six characters');
  });

  it('reads the innovation board as TWSE', () => {
    const innovation = securities.filter((security) => security.type === 'innovation');
    assert.equal(innovation.length, 24);
    assert.ok(innovation.every((security) => security.market === 'TWSE'));
  });

  it('matches the CSV built from the same page', () => {
    const fromCsv = parseTwstockCsv(readFileSync(marketDataFile('twstock-twse_equities.csv'), 'utf8'));
    assert.equal(securities.length, 35241);
    assert.deepEqual(securities, fromCsv);
  });
});

describe('parseIsinPage on the TPEx page', () => {
  it('reads 6488 with its industry', () => {
    const security = parseIsinPage(isinPage('tpex')).find((candidate) => candidate.code === '6488');
    assert.deepEqual(security, { code: '6488', name: '環球晶', market: 'TPEx', type: 'stock', industry: '半導體業' });
  });

  it('matches the CSV built from the same page', () => {
    const fromCsv = parseTwstockCsv(readFileSync(marketDataFile('twstock-tpex_equities.csv'), 'utf8'));
    assert.deepEqual(parseIsinPage(isinPage('tpex')), fromCsv);
  });
});

describe('parseIsinPage markup', () => {
  it('types rows by the heading above them', () => {
    const securities = parseIsinPage(page(HEADER, heading('股票'), row('2330　台積電'), heading('受益證券-資產基礎證券'), row('01001T　土銀富邦R1', '上市', '')));
    assert.deepEqual(securities.map((security) => security.type), ['stock', 'other']);
  });

  it('decodes HTML entities in names', () => {
    const [security] = parseIsinPage(page(HEADER, heading('ETF'), row('00635U　期元大S&amp;P黃金', '上市', '')));
    assert.equal(security?.name, '期元大S&P黃金');
  });

  it('finds columns by name', () => {
    const reordered = HEADER.replace('<td bgcolor=#D5FFD5>市場別</td><td bgcolor=#D5FFD5>產業別</td>', '<td bgcolor=#D5FFD5>產業別</td><td bgcolor=#D5FFD5>市場別</td>');
    const [security] = parseIsinPage(page(reordered, heading('股票'), row('6488　環球晶', '半導體業', '上櫃')));
    assert.equal(security?.market, 'TPEx');
    assert.equal(security?.industry, '半導體業');
  });

  it('renders the generated page in one line', () => {
    const html = renderIsinHtml('type,code,name,ISIN,start,market,group,CFI\n股票,2330,台積電,TW0002330008,1994/09/05,上市,半導體業,ESVUFR\n', 'title');
    assert.equal(html.includes('\n'), false);
    assert.deepEqual(parseIsinPage(encodeBig5(html)), [{ code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' }]);
  });
});

describe('parseIsinPage rejects', () => {
  it('an empty body', () => {
    assert.throws(() => parseIsinPage(new Uint8Array()), isMalformed(/empty response body/));
  });

  it('a body of whitespace', () => {
    assert.throws(() => parseIsinPage(encodeBig5('  \r\n ')), isMalformed(/empty response body/));
  });

  it('an HTML error page', () => {
    const errorPage = encodeBig5('<html><head><title>錯誤</title></head><body><h1>系統忙碌中，請稍後再試</h1></body></html>');
    assert.throws(() => parseIsinPage(errorPage), isMalformed(/no securities table .*系統忙碌中/));
  });

  it('a page in UTF-8 instead of Big5', () => {
    const utf8 = new TextEncoder().encode(`<table>${HEADER}${heading('股票')}${row('2330　台積電')}</table>`);
    assert.throws(() => parseIsinPage(utf8), isMalformed(/no securities table/));
  });

  it('a missing column', () => {
    const withoutIndustry = HEADER.replace('<td bgcolor=#D5FFD5>產業別</td>', '<td bgcolor=#D5FFD5>產業</td>');
    assert.throws(() => parseIsinPage(page(withoutIndustry, heading('股票'), row('2330　台積電'))), isMalformed(/missing column 產業別/));
  });

  it('a row before any heading', () => {
    assert.throws(() => parseIsinPage(page(HEADER, row('2330　台積電'))), isMalformed(/row 2330 comes before any section heading/));
  });

  it('a row without the ideographic space', () => {
    assert.throws(() => parseIsinPage(page(HEADER, heading('股票'), row('2330 台積電'))), isMalformed(/separated by U\+3000/));
  });

  it('a row with too few cells', () => {
    assert.throws(() => parseIsinPage(page(HEADER, heading('股票'), '<tr><td>2330　台積電</td><td>TW0002330008</td></tr>')), isMalformed(/row with 2 cells, expected 1 or 7/));
  });

  it('an unknown market', () => {
    assert.throws(() => parseIsinPage(page(HEADER, heading('股票'), row('2330　台積電', '興櫃'))), isMalformed(/unknown market "興櫃" for 2330/));
  });

  it('a table without rows', () => {
    assert.throws(() => parseIsinPage(page(HEADER)), isMalformed(/the table has no securities/));
  });
});
