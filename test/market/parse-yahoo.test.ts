import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseYahooChart } from '../../src/market/parse/yahoo-chart.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { marketDataFile } from './data-dir.ts';

const read = (name: string): string => readFileSync(marketDataFile(name), 'utf8');

describe('Yahoo download CSV', () => {
  const series = parseYahooCsv(read('yahoo-download-2330.TW-1d-2000-2023.csv'), '2330');

  it('is adjusted', () => {
    assert.equal(series.code, '2330');
    assert.equal(series.basis, 'adjusted');
  });

  it('drops zero-volume rows', () => {
    // 5952 rows, of which 107 have Volume 0.
    assert.equal(series.bars.length, 5845);
    assert.ok(series.bars.every((bar) => bar.volume > 0));
    assert.equal(series.bars.find((bar) => bar.date === '2000-02-02'), undefined);
    assert.equal(series.bars.find((bar) => bar.date === '2021-08-17'), undefined);
    assert.equal(series.bars.find((bar) => bar.date === '2016-09-27'), undefined);
  });

  it('spans the file', () => {
    assert.equal(series.bars[0]?.date, '2000-01-04');
    assert.equal(series.bars.at(-1)?.date, '2023-11-15');
  });

  it('uses Close, not Adj Close', () => {
    const bar = series.bars.find((candidate) => candidate.date === '2015-05-04');
    assert.deepEqual(bar, { date: '2015-05-04', open: 148.5, high: 148.5, low: 146, close: 147.5, volume: 30811000 });
  });

  it('reads 2317 for 2020', () => {
    const hon = parseYahooCsv(read('yahoo-download-2317.TW-1d-2020.csv'), '2317');
    assert.equal(hon.bars.length, 244);
    assert.equal(hon.bars[0]?.date, '2020-01-02');
    assert.equal(hon.bars[0]?.close, 90.800003);
    assert.equal(hon.bars.at(-1)?.date, '2020-12-30');
  });
});

describe('Yahoo chart JSON', () => {
  it('reads raw AAPL', () => {
    const series = parseYahooChart(read('yahoo-chart-AAPL-1d-6mo.json'));
    assert.equal(series.code, 'AAPL');
    assert.equal(series.basis, 'adjusted');
    assert.equal(series.bars.length, 127);
    assert.equal(series.bars[0]?.date, '2025-04-30');
    assert.equal(series.bars.at(-1)?.date, '2025-10-29');
    assert.equal(series.bars[0]?.close, 212.5);
    assert.equal(series.bars[0]?.volume, 52286500);
  });

  it('reads raw MSFT', () => {
    const series = parseYahooChart(read('yahoo-chart-MSFT-1d-6mo.json'));
    assert.equal(series.code, 'MSFT');
    assert.equal(series.bars.length, 127);
  });

  it('unwraps recorded NVDA', () => {
    const series = parseYahooChart(read('yahoo-chart-wrapped-NVDA-1d-2021-02-01_2022-01-31.json'));
    assert.equal(series.code, 'NVDA');
    assert.equal(series.bars.length, 252);
    assert.equal(series.bars[0]?.date, '2021-02-01');
    assert.equal(series.bars.at(-1)?.date, '2022-01-28');
  });

  it('unwraps recorded MSFT', () => {
    const series = parseYahooChart(read('yahoo-chart-wrapped-MSFT-1d-2021-02-01_2022-01-31.json'));
    assert.equal(series.bars.length, 252);
  });

  it('dates bars in exchange time', () => {
    // NVDA's 4:1 split took effect on 2021-07-20, a Tuesday; no bar may fall on a weekend.
    const series = parseYahooChart(read('yahoo-chart-wrapped-NVDA-1d-2021-02-01_2022-01-31.json'));
    const weekendBars = series.bars.filter((bar) => [0, 6].includes(new Date(`${bar.date}T00:00:00Z`).getUTCDay()));
    assert.deepEqual(weekendBars, []);
    assert.ok(series.bars.some((bar) => bar.date === '2021-07-20'));
  });
});
