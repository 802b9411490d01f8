import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../../src/logger.ts';
import { createLiveMarketData, type LiveMarketData } from '../../../src/market/live/index.ts';
import { MarketDataError, type MarketDataErrorCode } from '../../../src/market/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { recordedBodies, startReplayServer, type ReplayServer } from './replay-server.ts';

const MIS = '/stock/api/getStockInfo.jsp';
const STOCK_DAY = '/exchangeReport/STOCK_DAY';
const STOCK_DAY_ALL = '/exchangeReport/STOCK_DAY_ALL';

/** Friday 2026-12-04, 10:00 in Taipei: a session is running. */
const DURING_SESSION = Date.parse('2026-12-04T10:00:00+08:00');

const hasCode =
  (code: MarketDataErrorCode) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code;

const threeFailures = [{ status: 500 }, { status: 500 }, { status: 500 }];

let database: TestDatabase;
let server: ReplayServer;
let market: LiveMarketData;
let clock = DURING_SESSION;

before(async () => {
  database = await createTestDatabase();
  server = await startReplayServer();
  const url = server.url;
  market = createLiveMarketData({
    pool: database.pool,
    logger: createLogger('silent'),
    baseUrls: { twse: url, twseOpenApi: url, twseMis: url, twseIsin: url, tpex: url, yahoo: url },
    now: () => clock,
    http: { timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 50 },
  });
});

beforeEach(async () => {
  clock = DURING_SESSION;
  server.requests.length = 0;
  await database.pool.query('DELETE FROM market_cache');
});

after(async () => {
  await server.close();
  await database.drop();
});

describe('live getQuote', () => {
  it('asks MIS with the directory market', async () => {
    const quote = await market.getQuote('2330');
    assert.equal(quote.price, 593);
    assert.equal(quote.realtime, true);
    assert.equal(quote.stale, undefined);
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_2330.tw');
  });

  it('serves a fresh hit from cache', async () => {
    await market.getQuote('2330');
    clock += 9_000;
    await market.getQuote('2330');
    assert.equal(server.countRequests(MIS), 1);
  });

  it('refreshes after ten seconds', async () => {
    await market.getQuote('2330');
    clock += 10_000;
    await market.getQuote('2330');
    assert.equal(server.countRequests(MIS), 2);
  });

  it('keeps quotes until the next open after the close', async () => {
    clock = Date.parse('2026-12-04T14:00:00+08:00');
    await market.getQuote('2330');
    const row = await database.pool.query<{ expires_at: Date }>("SELECT expires_at FROM market_cache WHERE key = 'quote:2330'");
    assert.equal(row.rows[0]?.expires_at.toISOString(), '2026-12-07T01:00:00.000Z');
  });

  it('marks a stale quote as not real-time', async () => {
    await market.getQuote('2330');
    clock += 60_000;
    server.script(MIS, threeFailures);
    const quote = await market.getQuote('2330');
    assert.equal(quote.stale, true);
    assert.equal(quote.realtime, false);
    assert.equal(quote.price, 593);
    assert.equal(quote.time, Date.parse('2023-12-29T13:30:00+08:00'));
    assert.equal(server.countRequests(MIS), 4);
  });

  it('throws unavailable when nothing cached', async () => {
    server.script(MIS, threeFailures);
    await assert.rejects(market.getQuote('2330'), hasCode('unavailable'));
  });

  it('throws notFound for an unknown code', async () => {
    await assert.rejects(market.getQuote('2317'), hasCode('notFound'));
  });

  it('asks both markets without a directory', async () => {
    server.script(STOCK_DAY_ALL, threeFailures);
    const quote = await market.getQuote('2330');
    assert.equal(quote.price, 593);
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_2330.tw|otc_2330.tw');
  });
});

describe('live getQuotes', () => {
  it('batches codes in one request', async () => {
    const quotes = await market.getQuotes(['2330', '2317', '6488']);
    assert.equal(server.countRequests(MIS), 1);
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_2330.tw|tse_2317.tw|otc_6488.tw');
    assert.deepEqual([...quotes.keys()], ['2330']);
  });
});

describe('live getDailyBars', () => {
  it('reads short ranges from TWSE', async () => {
    const series = await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    assert.equal(series.basis, 'raw');
    assert.equal(series.bars.length, 20);
    assert.equal(series.bars[0]?.close, 147.5);
    assert.equal(server.countRequests(STOCK_DAY), 1);
  });

  it('trims bars to the range', async () => {
    const series = await market.getDailyBars('2330', '2015-05-10', '2015-05-15');
    assert.deepEqual(series.bars.map((bar) => bar.date), ['2015-05-11', '2015-05-12', '2015-05-13', '2015-05-14', '2015-05-15']);
  });

  it('caches a past month', async () => {
    await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    clock += 7 * 24 * 60 * 60_000;
    await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    assert.equal(server.countRequests(STOCK_DAY), 1);
  });

  it('reads TPEx codes from TPEx', async () => {
    const series = await market.getDailyBars('6223', '2015-05-01', '2015-05-31');
    assert.equal(series.bars.length, 20);
    assert.equal(server.countRequests('/www/zh-tw/afterTrading/tradingStock'), 1);
  });

  it('marks stale bars', async () => {
    await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    clock += 31 * 24 * 60 * 60_000;
    server.script(STOCK_DAY, threeFailures);
    const series = await market.getDailyBars('2330', '2015-05-01', '2015-05-31');
    assert.equal(series.stale, true);
    assert.equal(series.bars.length, 20);
  });

  it('reads long ranges from Yahoo', async () => {
    // The AAPL recording replaces 2330.TW, because no Taiwan chart response is recorded.
    server.serve('/v8/finance/chart/2330.TW', recordedBodies().get('/v8/finance/chart/AAPL') ?? '');
    const series = await market.getDailyBars('2330', '2025-01-01', '2025-12-31');
    assert.equal(series.code, '2330');
    assert.equal(series.basis, 'adjusted');
    assert.equal(series.bars.length, 127);
    assert.equal(server.countRequests('/v8/finance/chart/2330.TW'), 1);
  });

  it('rejects an invalid range', async () => {
    await assert.rejects(market.getDailyBars('2330', '2015-05-31', '2015-05-01'), RangeError);
  });
});

describe('live listSecurities', () => {
  it('lists both markets once a day', async () => {
    const securities = await market.listSecurities();
    assert.ok(securities.some((security) => security.code === '2330' && security.market === 'TWSE'));
    assert.ok(securities.some((security) => security.code === '6488' && security.market === 'TPEx'));
    await market.listSecurities();
    assert.equal(server.countRequests(STOCK_DAY_ALL), 1);
  });

  it('serves a directory that another process stored', async () => {
    await market.listSecurities();
    const stored = [{ code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' }];
    await database.pool.query("UPDATE market_cache SET value = $1, fetched_at = fetched_at + interval '1 second' WHERE key = 'directory'", [JSON.stringify(stored)]);

    assert.deepEqual(await market.listSecurities(), stored);
    assert.equal(server.countRequests(STOCK_DAY_ALL), 1);
  });

  it('asks TPEx for the last published day', async () => {
    await market.listSecurities();
    const tpex = server.requests.find((request) => request.path === '/www/zh-tw/afterTrading/dailyQuotes');
    assert.equal(tpex?.query.get('date'), '2026/12/03');
  });
});
