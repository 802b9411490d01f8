import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseMiIndex } from '../../src/market/parse/mi-index.ts';
import { parseMisStockInfo } from '../../src/market/parse/mis.ts';
import { parseStockDay } from '../../src/market/parse/stock-day.ts';
import { parseStockDayAll } from '../../src/market/parse/stock-day-all.ts';
import { parseTpexDailyQuotes } from '../../src/market/parse/tpex-daily.ts';
import { parseTpexTradingStock } from '../../src/market/parse/tpex-trading-stock.ts';
import { readVcrResponseBody } from '../../src/market/parse/vcr.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import type { Quote } from '../../src/market/types.ts';
import { marketDataFile } from './data-dir.ts';

const read = (name: string): string => readFileSync(marketDataFile(name), 'utf8');

function quoteOf(quotes: readonly Quote[], code: string): Quote {
  const quote = quotes.find((candidate) => candidate.code === code);
  assert.ok(quote, `no quote for ${code}`);
  return quote;
}

describe('MIS getStockInfo', () => {
  const [quote, ...rest] = parseMisStockInfo(read('twse-mis-getStockInfo-2330-20231229.json'));

  it('has one 2330 entry', () => {
    assert.equal(rest.length, 0);
    assert.ok(quote);
    assert.equal(quote.code, '2330');
    assert.equal(quote.name, '台積電');
    assert.equal(quote.market, 'TWSE');
  });

  it('reads prices and lots', () => {
    assert.ok(quote);
    assert.equal(quote.price, 593);
    assert.equal(quote.previousClose, 593);
    assert.equal(quote.change, 0);
    assert.equal(quote.open, 589);
    assert.equal(quote.high, 593);
    assert.equal(quote.low, 589);
    assert.equal(quote.volumeLots, 18323);
    assert.equal(quote.decimals, 2);
  });

  it('takes time from d and t', () => {
    assert.ok(quote);
    assert.equal(quote.time, Date.parse('2023-12-29T13:30:00+08:00'));
    assert.equal(quote.realtime, true);
  });

  it('reads the TAIEX entry', () => {
    const [index] = parseMisStockInfo(read('twse-mis-getStockInfo-index-t00-20231229.json'));
    assert.ok(index);
    assert.equal(index.code, 't00');
    assert.equal(index.price, 17930.81);
    assert.equal(index.previousClose, 17910.37);
    assert.equal(index.change, 20.44);
  });
});

describe('TWSE MI_INDEX', () => {
  const table = parseMiIndex(read('twse-MI_INDEX-ALLBUT0999-20230130.json'));

  it('reads the closing table', () => {
    assert.equal(table.date, '2023-01-30');
    assert.equal(table.market, 'TWSE');
    assert.equal(table.quotes.length, 1182);
  });

  it('reads 2330 with HTML sign', () => {
    const quote = quoteOf(table.quotes, '2330');
    assert.equal(quote.open, 542);
    assert.equal(quote.high, 543);
    assert.equal(quote.low, 534);
    assert.equal(quote.price, 543);
    assert.equal(quote.change, 40);
    assert.equal(quote.previousClose, 503);
    assert.equal(quote.peRatio, 15.88);
    assert.equal(quote.volumeLots, 148413);
    assert.equal(quote.turnover, 80057158264);
    assert.equal(quote.time, Date.parse('2023-01-30T13:30:00+08:00'));
    assert.equal(quote.realtime, false);
  });

  it('reads a falling ETF', () => {
    const quote = quoteOf(table.quotes, '00632R');
    assert.equal(quote.price, 5.4);
    assert.equal(quote.change, -0.18);
    assert.equal(quote.previousClose, 5.58);
    assert.equal(quote.peRatio, null);
  });

  it('keeps X rows without change', () => {
    const quote = quoteOf(table.quotes, '0050');
    assert.equal(quote.price, 120.7);
    assert.equal(quote.change, null);
    assert.equal(quote.previousClose, null);
  });

  it('reads a blank sign as zero', () => {
    const quote = quoteOf(table.quotes, '2317');
    assert.equal(quote.price, 98.1);
    assert.equal(quote.change, 0);
    assert.equal(quote.previousClose, 98.1);
  });

  it('leaves untraded prices null', () => {
    const quote = quoteOf(table.quotes, '00625K');
    assert.equal(quote.price, null);
    assert.equal(quote.open, null);
    assert.equal(quote.change, null);
    assert.equal(quote.volumeLots, 0);
  });
});

describe('TPEx dailyQuotes', () => {
  const table = parseTpexDailyQuotes(read('tpex-daily-quotes-20230130.json'));

  it('reads every row', () => {
    assert.equal(table.date, '2023-01-30');
    assert.equal(table.market, 'TPEx');
    assert.equal(table.quotes.length, 7281);
  });

  it('reads 6488 環球晶', () => {
    const quote = quoteOf(table.quotes, '6488');
    assert.equal(quote.name, '環球晶');
    assert.equal(quote.market, 'TPEx');
    assert.equal(quote.price, 530);
    assert.equal(quote.change, 37);
    assert.equal(quote.previousClose, 493);
    assert.equal(quote.open, 505);
    assert.equal(quote.volumeLots, 6116);
    assert.equal(quote.turnover, 3179234099);
  });

  it('reads a padded negative change', () => {
    assert.equal(quoteOf(table.quotes, '8069').change, -2.5);
  });

  it('nulls change on ex-dividend', () => {
    const quote = quoteOf(table.quotes, '00687B');
    assert.equal(quote.price, 33.53);
    assert.equal(quote.change, null);
    assert.equal(quote.previousClose, null);
  });

  it('nulls untraded prices', () => {
    const quote = quoteOf(table.quotes, '020001');
    assert.equal(quote.price, null);
    assert.equal(quote.high, null);
  });
});

describe('TWSE STOCK_DAY_ALL', () => {
  const table = parseStockDayAll(read('twse-openapi-STOCK_DAY_ALL-20260708.json'));

  it('converts the ROC date', () => {
    assert.equal(table.date, '2026-07-08');
    assert.equal(table.quotes.length, 1369);
  });

  it('reads known closes', () => {
    assert.equal(quoteOf(table.quotes, '2330').price, 2465);
    assert.equal(quoteOf(table.quotes, '2317').price, 237.5);
    assert.equal(quoteOf(table.quotes, '2454').price, 3995);
    assert.equal(quoteOf(table.quotes, '0050').price, 106.05);
  });

  it('derives previous close', () => {
    const quote = quoteOf(table.quotes, '0050');
    assert.equal(quote.change, -0.15);
    assert.equal(quote.previousClose, 106.2);
    assert.equal(quote.decimals, 2);
    assert.equal(quote.time, Date.parse('2026-07-08T13:30:00+08:00'));
  });
});

describe('TWSE STOCK_DAY cassette', () => {
  const series = parseStockDay(readVcrResponseBody(read('twse-STOCK_DAY-2330-201505.vcr.yaml')));

  it('reads one month of raw bars', () => {
    assert.equal(series.code, '2330');
    assert.equal(series.basis, 'raw');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars[0]?.date, '2015-05-04');
    assert.equal(series.bars.at(-1)?.date, '2015-05-29');
  });

  it('reads the first day', () => {
    assert.deepEqual(series.bars[0], {
      date: '2015-05-04',
      open: 148.5,
      high: 148.5,
      low: 146,
      close: 147.5,
      volume: 30868640,
    });
  });

  it('matches Yahoo prices for May 2015', () => {
    const yahoo = parseYahooCsv(read('yahoo-download-2330.TW-1d-2000-2023.csv'), '2330');
    for (const bar of series.bars) {
      const yahooBar = yahoo.bars.find((candidate) => candidate.date === bar.date);
      assert.ok(yahooBar, `Yahoo has no bar for ${bar.date}`);
      assert.equal(yahooBar.open, bar.open, `open on ${bar.date}`);
      assert.equal(yahooBar.high, bar.high, `high on ${bar.date}`);
      assert.equal(yahooBar.low, bar.low, `low on ${bar.date}`);
      assert.equal(yahooBar.close, bar.close, `close on ${bar.date}`);
    }
  });
});

describe('TPEx tradingStock cassette', () => {
  const series = parseTpexTradingStock(readVcrResponseBody(read('tpex-tradingStock-6223-201505.vcr.yaml')));

  it('reads one month of raw bars', () => {
    assert.equal(series.code, '6223');
    assert.equal(series.basis, 'raw');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars.at(-1)?.date, '2015-05-29');
  });

  it('converts 仟股 to shares', () => {
    assert.deepEqual(series.bars[0], { date: '2015-05-04', open: 93, high: 93, low: 91.3, close: 91.4, volume: 374000 });
    assert.equal(series.bars[3]?.date, '2015-05-07');
    assert.equal(series.bars[3]?.volume, 1257000);
  });
});
