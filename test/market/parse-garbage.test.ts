import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMiIndex } from '../../src/market/parse/mi-index.ts';
import { parseMisStockInfo } from '../../src/market/parse/mis.ts';
import { parseStockDay } from '../../src/market/parse/stock-day.ts';
import { parseStockDayAll } from '../../src/market/parse/stock-day-all.ts';
import { parseTpexDailyQuotes } from '../../src/market/parse/tpex-daily.ts';
import { parseTpexTradingStock } from '../../src/market/parse/tpex-trading-stock.ts';
import { parseTwstockCsv } from '../../src/market/parse/twstock-csv.ts';
import { readVcrResponseBody } from '../../src/market/parse/vcr.ts';
import { parseYahooChart } from '../../src/market/parse/yahoo-chart.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { MarketDataError } from '../../src/market/types.ts';
import { marketDataFile } from './data-dir.ts';

const read = (name: string): string => readFileSync(marketDataFile(name), 'utf8');
const readJson = (name: string): Record<string, unknown> => JSON.parse(read(name)) as Record<string, unknown>;
const readCassetteJson = (name: string): Record<string, unknown> =>
  JSON.parse(readVcrResponseBody(read(name))) as Record<string, unknown>;

const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>頁面無法執行</title></head><body>因為安全性考量，您所執行的頁面無法呈現</body></html>';

const isMalformed = (error: unknown): boolean => error instanceof MarketDataError && error.code === 'malformed';

const JSON_PARSERS: Record<string, (text: string) => unknown> = {
  mis: parseMisStockInfo,
  miIndex: parseMiIndex,
  tpexDaily: parseTpexDailyQuotes,
  stockDayAll: parseStockDayAll,
  stockDay: parseStockDay,
  tpexTradingStock: parseTpexTradingStock,
  yahooChart: parseYahooChart,
};

describe('parsers on garbage', () => {
  for (const [name, parse] of Object.entries(JSON_PARSERS)) {
    it(`${name} rejects HTML`, () => {
      assert.throws(() => parse(HTML_ERROR_PAGE), isMalformed);
    });

    it(`${name} rejects empty body`, () => {
      assert.throws(() => parse(''), isMalformed);
      assert.throws(() => parse('  \n'), isMalformed);
    });

    it(`${name} rejects truncated JSON`, () => {
      assert.throws(() => parse('{"stat":"OK","da'), isMalformed);
    });

    it(`${name} rejects wrong shape`, () => {
      assert.throws(() => parse('{}'), isMalformed);
      assert.throws(() => parse('null'), isMalformed);
    });
  }

  it('CSV parsers reject HTML and empty', () => {
    assert.throws(() => parseYahooCsv(HTML_ERROR_PAGE, '2330'), isMalformed);
    assert.throws(() => parseYahooCsv('', '2330'), isMalformed);
    assert.throws(() => parseTwstockCsv(HTML_ERROR_PAGE), isMalformed);
    assert.throws(() => parseTwstockCsv(''), isMalformed);
  });

  it('vcr reader rejects non-cassettes', () => {
    assert.throws(() => readVcrResponseBody(HTML_ERROR_PAGE), isMalformed);
    assert.throws(() => readVcrResponseBody('interactions: []\n'), isMalformed);
  });
});

describe('parsers on bad status', () => {
  it('MIS rejects rtcode other than 0000', () => {
    const body = readJson('twse-mis-getStockInfo-2330-20231229.json');
    body['rtcode'] = '5001';
    assert.throws(() => parseMisStockInfo(JSON.stringify(body)), isMalformed);
  });

  it('MI_INDEX rejects stat other than OK', () => {
    const body = readJson('twse-MI_INDEX-ALLBUT0999-20230130.json');
    body['stat'] = '很抱歉，沒有符合條件的資料!';
    assert.throws(() => parseMiIndex(JSON.stringify(body)), isMalformed);
  });

  it('TPEx daily rejects stat other than ok', () => {
    const body = readJson('tpex-daily-quotes-20230130.json');
    body['stat'] = 'error';
    assert.throws(() => parseTpexDailyQuotes(JSON.stringify(body)), isMalformed);
  });

  it('STOCK_DAY rejects stat other than OK', () => {
    const body = readCassetteJson('twse-STOCK_DAY-2330-201505.vcr.yaml');
    body['stat'] = '很抱歉，沒有符合條件的資料!';
    assert.throws(() => parseStockDay(JSON.stringify(body)), isMalformed);
  });

  it('TPEx monthly rejects stat other than ok', () => {
    const body = readCassetteJson('tpex-tradingStock-6223-201505.vcr.yaml');
    body['stat'] = 'error';
    assert.throws(() => parseTpexTradingStock(JSON.stringify(body)), isMalformed);
  });

  it('Yahoo chart rejects chart.error', () => {
    const text = JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found' } } });
    assert.throws(() => parseYahooChart(text), isMalformed);
  });

  it('Yahoo chart rejects failed recording', () => {
    const body = readJson('yahoo-chart-wrapped-NVDA-1d-2021-02-01_2022-01-31.json');
    (body['response'] as Record<string, unknown>)['ok'] = false;
    (body['response'] as Record<string, unknown>)['status'] = 404;
    assert.throws(() => parseYahooChart(JSON.stringify(body)), isMalformed);
  });
});

describe('parsers on missing fields', () => {
  it('MIS rejects an entry without z', () => {
    const body = readJson('twse-mis-getStockInfo-2330-20231229.json');
    const [entry] = body['msgArray'] as Record<string, unknown>[];
    delete entry?.['z'];
    assert.throws(() => parseMisStockInfo(JSON.stringify(body)), isMalformed);
  });

  it('MI_INDEX rejects a table without 收盤價', () => {
    const body = readJson('twse-MI_INDEX-ALLBUT0999-20230130.json');
    for (const table of body['tables'] as { fields?: string[] }[]) {
      if (table.fields) {
        table.fields = table.fields.map((field) => (field === '收盤價' ? '收盤' : field));
      }
    }

    assert.throws(() => parseMiIndex(JSON.stringify(body)), isMalformed);
  });

  it('MI_INDEX rejects missing quote table', () => {
    const body = readJson('twse-MI_INDEX-ALLBUT0999-20230130.json');
    body['tables'] = (body['tables'] as { title?: string }[]).filter((table) => !table.title?.includes('每日收盤行情'));
    assert.throws(() => parseMiIndex(JSON.stringify(body)), isMalformed);
  });

  it('STOCK_DAY_ALL rejects a row without ClosingPrice', () => {
    const rows = JSON.parse(read('twse-openapi-STOCK_DAY_ALL-20260708.json')) as Record<string, unknown>[];
    delete rows[0]?.['ClosingPrice'];
    assert.throws(() => parseStockDayAll(JSON.stringify(rows)), isMalformed);
  });

  it('STOCK_DAY_ALL rejects an empty array', () => {
    assert.throws(() => parseStockDayAll('[]'), isMalformed);
  });

  it('TPEx daily rejects rows without date', () => {
    const body = readJson('tpex-daily-quotes-20230130.json');
    delete body['date'];
    assert.throws(() => parseTpexDailyQuotes(JSON.stringify(body)), isMalformed);
  });

  it('STOCK_DAY rejects a title without code', () => {
    const body = readCassetteJson('twse-STOCK_DAY-2330-201505.vcr.yaml');
    delete body['title'];
    assert.throws(() => parseStockDay(JSON.stringify(body)), isMalformed);
  });

  it('TPEx monthly rejects a non-numeric price', () => {
    const body = readCassetteJson('tpex-tradingStock-6223-201505.vcr.yaml');
    const [table] = body['tables'] as { data: string[][] }[];
    const [row] = table?.data ?? [];
    if (row) {
      row[6] = '<b>N/A</b>';
    }

    assert.throws(() => parseTpexTradingStock(JSON.stringify(body)), isMalformed);
  });

  it('Yahoo chart rejects missing meta', () => {
    const body = readJson('yahoo-chart-AAPL-1d-6mo.json');
    const [result] = (body['chart'] as { result: Record<string, unknown>[] }).result;
    delete result?.['meta'];
    assert.throws(() => parseYahooChart(JSON.stringify(body)), isMalformed);
  });

  it('Yahoo CSV rejects missing Close column', () => {
    const text = read('yahoo-download-2317.TW-1d-2020.csv').replace('Close,Adj Close', 'Last,Adj Close');
    assert.throws(() => parseYahooCsv(text, '2317'), isMalformed);
  });

  it('twstock CSV rejects missing market column', () => {
    const text = read('twstock-tpex_equities.csv').replace(',market,', ',exchange,');
    assert.throws(() => parseTwstockCsv(text), isMalformed);
  });
});
