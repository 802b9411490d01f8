import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ChartRequest } from '../../machines/intents.ts';
import { buildCandlestickOption } from '../../src/charts/candlestick.ts';
import { loadChartData } from '../../src/jobs/chart-data.ts';
import { buildChartContent } from '../../src/jobs/chart-content.ts';
import { createRecordedMarketData } from '../../src/market/recorded.ts';
import { marketDataDir } from '../market/data-dir.ts';

// The recordings end in the past, so the window ends at each series' last bar.
const TODAY = '2026-11-01';

const TSMC = { code: '2330', name: '台積電', market: 'TWSE' as const };
const FOXCONN = { code: '2317', name: '鴻海', market: 'TWSE' as const };

async function content(request: ChartRequest) {
  const data = await loadChartData(createRecordedMarketData(marketDataDir()), request, TODAY);
  return buildChartContent(request, data);
}

function lines(text: string): string[] {
  return text.split('\n');
}

describe('buildChartContent technical reading', () => {
  it('shows averages with two places', async () => {
    // 2330 closes up to 2023-11-15: MA5 567.6, MA20 549.1, MA60 543.666….
    const { text } = await content({ kind: 'technical', stock: TSMC, period: '1y', interval: 'day', indicator: 'MA' });
    assert.equal(lines(text)[2], 'MA5 567.60、MA10 559.50、MA20 549.10、MA60 543.67');
  });

  it('shows the latest close at its tick places', async () => {
    const { text } = await content({ kind: 'technical', stock: TSMC, period: '1y', interval: 'day', indicator: 'MA' });
    assert.equal(lines(text)[1], '最新收盤 581（2023-11-15）');
  });

  it('shows indicator values with two places', async () => {
    const macd = await content({ kind: 'technical', stock: TSMC, period: '6m', interval: 'day', indicator: 'MACD' });
    assert.equal(lines(macd.text)[3], 'MACD 柱狀體為正（3.90）；DIF 8.26、MACD 4.36');

    const rsi = await content({ kind: 'technical', stock: TSMC, period: '6m', interval: 'day', indicator: 'RSI' });
    assert.equal(lines(rsi.text)[3], 'RSI 72.29 偏高');

    const bands = await content({ kind: 'technical', stock: TSMC, period: '6m', interval: 'day', indicator: 'BBANDS' });
    assert.equal(lines(bands.text)[3], '股價突破布林上軌（上軌 577.73、下軌 520.47）');
  });

  it('shows KD values with two places', async () => {
    // 2317's recording covers 2020 only: 53 weekly bars, too few for MA60.
    const { text } = await content({ kind: 'technical', stock: FOXCONN, period: '1y', interval: 'week', indicator: 'KD' });
    assert.equal(lines(text)[3], 'KD 黃金交叉（K 86.42、D 83.75）');
  });

  it('leaves out MA60 over 53 weekly bars', async () => {
    const { text, input } = await content({ kind: 'technical', stock: FOXCONN, period: '1y', interval: 'week', indicator: 'KD' });
    assert.equal(input.bars.length, 53);
    assert.equal(lines(text)[2], 'MA5 88.32、MA10 84.53、MA20 81.15');

    const legend = (buildCandlestickOption(input).legend as { data: string[] }[])[0]?.data;
    assert.deepEqual(legend, ['MA5', 'MA10', 'MA20']);
  });
});

describe('buildChartContent history summary', () => {
  it('states basis and source once each', async () => {
    const { text, input } = await content({ kind: 'history', stock: TSMC, period: '3m', interval: 'day' });
    assert.equal(lines(text).at(-1), '價格：還原分割價格（未還原現金股利）；資料來源：Yahoo Finance 日線（錄製資料）');
    assert.equal(text.split('Yahoo').length - 1, 1);
    assert.doesNotMatch(text, /調整後/);
    assert.match(input.subtitle ?? '', /・還原分割價格（未還原現金股利）$/);
  });

  it('shows prices with shared places', async () => {
    const { text } = await content({ kind: 'history', stock: TSMC, period: '3m', interval: 'day' });
    assert.equal(lines(text)[2], '收盤：542 → 581，報酬 +7.20%');
    assert.equal(lines(text)[3], '最高：583（2023-11-15）');
    assert.equal(lines(text)[4], '最低：516（2023-09-27）');
  });

  it('gives every price the finest tick places', async () => {
    // 2317 in 2020 traded between 65.7 and 93.4, where the tick is 0.1.
    const { text } = await content({ kind: 'history', stock: FOXCONN, period: '1y', interval: 'day' });
    for (const line of lines(text).slice(2, 5)) {
      const prices = line.match(/\d+(?:\.\d+)?(?=[ （→，])/g) ?? [];
      assert.ok(prices.length > 0, line);
      for (const price of prices) {
        assert.match(price, /^\d+\.\d$/, line);
      }
    }
  });

  it('names the volume average by interval', async () => {
    for (const [interval, label] of [['day', '平均每日成交量'], ['week', '平均每週成交量'], ['month', '平均每月成交量']] as const) {
      const { text } = await content({ kind: 'history', stock: FOXCONN, period: '1y', interval });
      assert.ok(lines(text).some((line) => line.startsWith(`${label}：`)), `${interval}: ${text}`);
    }
  });
});
