import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../../src/logger.ts';
import { fetchSecurities, guessSecurityType } from '../../../src/market/live/directory.ts';
import { createHttpClient } from '../../../src/market/live/http.ts';
import { fetchMisQuotes, MIS_BATCH_SIZE } from '../../../src/market/live/mis.ts';
import { fetchTpexMonth } from '../../../src/market/live/tpex-trading-stock.ts';
import { fetchTwseMonth } from '../../../src/market/live/twse-stock-day.ts';
import { fetchYahooChart, yahooSymbol } from '../../../src/market/live/yahoo-chart.ts';
import { MarketDataError, type MarketDataErrorCode } from '../../../src/market/types.ts';
import { recordedBodies, startReplayServer, type ReplayServer } from './replay-server.ts';

const MIS = '/stock/api/getStockInfo.jsp';
const STOCK_DAY = '/exchangeReport/STOCK_DAY';
const TRADING_STOCK = '/www/zh-tw/afterTrading/tradingStock';

const hasCode =
  (code: MarketDataErrorCode) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code;

const http = createHttpClient({ logger: createLogger('silent'), timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 50 });
let server: ReplayServer;

before(async () => {
  server = await startReplayServer();
});

beforeEach(() => {
  server.requests.length = 0;
  server.serve(MIS, recordedBodies().get(MIS) ?? '');
});

after(() => server.close());

describe('fetchMisQuotes', () => {
  it('parses the recorded 2330 quote', async () => {
    const [quote, ...rest] = await fetchMisQuotes(http, server.url, [{ code: '2330', market: 'TWSE' }]);
    assert.equal(rest.length, 0);
    assert.equal(quote?.code, '2330');
    assert.equal(quote?.name, '台積電');
    assert.equal(quote?.market, 'TWSE');
    assert.equal(quote?.price, 593);
    assert.equal(quote?.previousClose, 593);
    assert.equal(quote?.volumeLots, 18323);
    assert.equal(quote?.realtime, true);
    assert.equal(quote?.time, Date.parse('2023-12-29T13:30:00+08:00'));
  });

  it('adds best bid and ask', async () => {
    const [quote] = await fetchMisQuotes(http, server.url, [{ code: '2330', market: 'TWSE' }]);
    assert.equal(quote?.bid, 592);
    assert.equal(quote?.ask, 593);
  });

  it('sends market-prefixed channels', async () => {
    await fetchMisQuotes(http, server.url, [
      { code: '2330', market: 'TWSE' },
      { code: '6488', market: 'TPEx' },
    ]);
    const [request] = server.requests;
    assert.equal(request?.query.get('ex_ch'), 'tse_2330.tw|otc_6488.tw');
    assert.equal(request?.query.get('json'), '1');
    assert.equal(request?.query.get('delay'), '0');
  });

  it('batches channels per request', async () => {
    const channels = Array.from({ length: MIS_BATCH_SIZE + 5 }, (_, index) => ({ code: String(1101 + index), market: 'TWSE' as const }));
    await fetchMisQuotes(http, server.url, channels);
    assert.equal(server.countRequests(MIS), 2);
    assert.equal(server.requests[0]?.query.get('ex_ch')?.split('|').length, MIS_BATCH_SIZE);
    assert.equal(server.requests[1]?.query.get('ex_ch')?.split('|').length, 5);
  });

  it('keeps price null before the first trade', async () => {
    const noTrade = (recordedBodies().get(MIS) ?? '').replace('"z":"593.0000"', '"z":"-"');
    assert.notEqual(noTrade, recordedBodies().get(MIS), 'the recording has z = 593.0000');
    server.serve(MIS, noTrade);
    const [quote] = await fetchMisQuotes(http, server.url, [{ code: '2330', market: 'TWSE' }]);
    assert.equal(quote?.price, null);
    assert.equal(quote?.change, null);
    assert.equal(quote?.bid, 592);
    assert.equal(quote?.ask, 593);
  });

  it('rejects an HTML page without retrying', async () => {
    server.script(MIS, [{ body: '<!DOCTYPE html><html><body>系統忙碌中</body></html>' }]);
    await assert.rejects(fetchMisQuotes(http, server.url, [{ code: '2330', market: 'TWSE' }]), hasCode('malformed'));
    assert.equal(server.countRequests(MIS), 1);
  });
});

describe('fetchTwseMonth', () => {
  it('parses May 2015 of 2330', async () => {
    const series = await fetchTwseMonth(http, server.url, '2330', '2015-05');
    assert.equal(series.code, '2330');
    assert.equal(series.basis, 'raw');
    assert.equal(series.bars.length, 20);
    assert.deepEqual(series.bars[0], { date: '2015-05-04', open: 148.5, high: 148.5, low: 146, close: 147.5, volume: 30_868_640 });
    assert.equal(series.bars.at(-1)?.date, '2015-05-29');
  });

  it('asks for the first of the month', async () => {
    await fetchTwseMonth(http, server.url, '2330', '2015-05');
    const [request] = server.requests;
    assert.equal(request?.query.get('date'), '20150501');
    assert.equal(request?.query.get('stockNo'), '2330');
    assert.equal(request?.query.get('response'), 'json');
  });

  it('rejects truncated JSON without retrying', async () => {
    server.script(STOCK_DAY, [{ body: (recordedBodies().get(STOCK_DAY) ?? '').slice(0, 300) }]);
    await assert.rejects(fetchTwseMonth(http, server.url, '2330', '2015-05'), hasCode('malformed'));
    assert.equal(server.countRequests(STOCK_DAY), 1);
  });

  it('rejects an empty body', async () => {
    server.script(STOCK_DAY, [{ body: '' }]);
    await assert.rejects(fetchTwseMonth(http, server.url, '2330', '2015-05'), hasCode('malformed'));
    assert.equal(server.countRequests(STOCK_DAY), 1);
  });

  it('rejects an invalid month', async () => {
    await assert.rejects(fetchTwseMonth(http, server.url, '2330', '2015-13'), RangeError);
    assert.equal(server.requests.length, 0);
  });
});

describe('fetchTpexMonth', () => {
  it('parses May 2015 of 6223', async () => {
    const series = await fetchTpexMonth(http, server.url, '6223', '2015-05');
    assert.equal(series.code, '6223');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars[0]?.date, '2015-05-04');
    assert.equal(series.bars.at(-1)?.date, '2015-05-29');
  });

  it('asks with a slashed date', async () => {
    await fetchTpexMonth(http, server.url, '6223', '2015-05');
    const [request] = server.requests;
    assert.equal(request?.path, TRADING_STOCK);
    assert.equal(request?.query.get('date'), '2015/05/01');
    assert.equal(request?.query.get('code'), '6223');
  });

  it('retries a 502 then parses', async () => {
    server.script(TRADING_STOCK, [{ status: 502, body: '<html>Bad Gateway</html>' }]);
    const series = await fetchTpexMonth(http, server.url, '6223', '2015-05');
    assert.equal(series.bars.length, 20);
    assert.equal(server.countRequests(TRADING_STOCK), 2);
  });
});

describe('fetchYahooChart', () => {
  it('parses the AAPL chart', async () => {
    const series = await fetchYahooChart(http, server.url, 'AAPL', '2025-04-30', '2025-10-29');
    assert.equal(series.code, 'AAPL');
    assert.equal(series.basis, 'adjusted');
    assert.equal(series.bars.length, 127);
    assert.equal(series.bars[0]?.date, '2025-04-30');
    assert.equal(series.bars.at(-1)?.date, '2025-10-29');
  });

  it('sends Taipei-day period bounds', async () => {
    await fetchYahooChart(http, server.url, 'AAPL', '2025-04-30', '2025-10-29', '1wk');
    const [request] = server.requests;
    assert.equal(request?.query.get('period1'), String(Date.parse('2025-04-30T00:00:00+08:00') / 1000));
    assert.equal(request?.query.get('period2'), String(Date.parse('2025-10-30T00:00:00+08:00') / 1000));
    assert.equal(request?.query.get('interval'), '1wk');
  });

  it('maps 404 to notFound', async () => {
    await assert.rejects(fetchYahooChart(http, server.url, '9999.TW', '2025-01-01', '2025-02-01'), hasCode('notFound'));
    assert.equal(server.requests.length, 1);
  });

  it('builds Taiwan symbols', () => {
    assert.equal(yahooSymbol('2330', 'TWSE'), '2330.TW');
    assert.equal(yahooSymbol('6488', 'TPEx'), '6488.TWO');
  });
});

describe('fetchSecurities without ISIN pages', () => {
  // The replay server has no ISIN page and returns 404, so both markets come from their daily close tables.
  const options = { logger: createLogger('silent'), tpexDate: '2023-01-30' };

  it('joins both markets', async () => {
    const securities = await fetchSecurities(http, { twseIsin: server.url, twseOpenApi: server.url, tpex: server.url }, options);
    const byCode = new Map(securities.map((security) => [security.code, security]));
    assert.deepEqual(byCode.get('2330'), { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '' });
    assert.equal(byCode.get('6488')?.market, 'TPEx');
    assert.equal(byCode.get('6488')?.name, '環球晶');
    assert.equal(byCode.get('0050')?.type, 'etf');
    assert.equal(byCode.get('00878')?.type, 'etf');
  });

  it('asks TPEx for the given day', async () => {
    await fetchSecurities(http, { twseIsin: server.url, twseOpenApi: server.url, tpex: server.url }, options);
    const tpex = server.requests.find((request) => request.path === '/www/zh-tw/afterTrading/dailyQuotes');
    assert.equal(tpex?.query.get('date'), '2023/01/30');
    assert.equal(tpex?.query.get('response'), 'json');
  });
});

describe('guessSecurityType', () => {
  it('classifies code shapes', () => {
    assert.equal(guessSecurityType('2330'), 'stock');
    assert.equal(guessSecurityType('00632R'), 'etf');
    assert.equal(guessSecurityType('01001T'), 'reit');
    assert.equal(guessSecurityType('1312A'), 'preferred');
    assert.equal(guessSecurityType('910861'), 'tdr');
    assert.equal(guessSecurityType('03939P'), 'warrant');
    assert.equal(guessSecurityType('700001'), 'warrant');
    assert.equal(guessSecurityType('020000'), 'etn');
    assert.equal(guessSecurityType('02001L'), 'etn');
    assert.equal(guessSecurityType('01014S'), 'other');
  });
});
