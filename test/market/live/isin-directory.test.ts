/**
 * The live securities directory from the TWSE ISIN pages, with the daily
 * close tables as the fallback. No real ISIN page is recorded, so the
 * replay server serves pages generated from the recorded twstock CSVs,
 * which twstock built from those very pages (see ../isin-pages.ts),
 * encoded in Big5 as the exchange serves them.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { createLogger, type Logger } from '../../../src/logger.ts';
import { fetchSecurities } from '../../../src/market/live/directory.ts';
import { createHttpClient } from '../../../src/market/live/http.ts';
import { createLiveMarketData } from '../../../src/market/live/index.ts';
import { createStockResolver } from '../../../src/market/resolver.ts';
import { MarketDataError, type Security } from '../../../src/market/types.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { encodeBig5, isinPage } from '../isin-pages.ts';
import { startReplayServer, type Reply, type ReplayServer } from './replay-server.ts';

const ISIN = '/isin/C_public.jsp';
const STOCK_DAY_ALL = '/exchangeReport/STOCK_DAY_ALL';
const TPEX_DAILY = '/www/zh-tw/afterTrading/dailyQuotes';
const MIS = '/stock/api/getStockInfo.jsp';

const ISIN_TIMEOUT_MS = 200;

/** The first warrant of the recorded TPEx list. */
const WARRANT = { code: '700001', name: '欣銓元大53購04' };

const FALLBACK_MESSAGE = 'ISIN listing page failed; using the daily close table for this market, without industries';

const http = createHttpClient({ logger: createLogger('silent'), timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 50 });

let server: ReplayServer;
let pages: { twse: Uint8Array; tpex: Uint8Array };

/** Returns a 200 HTML reply, because the replay server returns 404 on a path without a recording unless a reply sets the status. */
function htmlReply(body: Uint8Array | string): Reply {
  return { status: 200, body, headers: { 'content-type': 'text/html' } };
}

/** Serves each market's generated page, or `twse` in place of the TWSE one (strMode=2). */
function serveIsinPages(twse?: Reply): void {
  server.respond(ISIN, (query) => {
    if (query.get('strMode') === '2') {
      return twse ?? htmlReply(pages.twse);
    }

    return query.get('strMode') === '4' ? htmlReply(pages.tpex) : undefined;
  });
}

/** Creates a logger that keeps its warnings for the test to read. */
function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

async function fetchBoth(logger: Logger): Promise<Map<string, Security>> {
  const url = server.url;
  const securities = await fetchSecurities(http, { twseIsin: url, twseOpenApi: url, tpex: url }, { logger, tpexDate: '2023-01-30', isinTimeoutMs: ISIN_TIMEOUT_MS });
  return new Map(securities.map((security) => [security.code, security]));
}

before(async () => {
  server = await startReplayServer();
  pages = { twse: isinPage('twse'), tpex: isinPage('tpex') };
});

beforeEach(() => {
  server.reset();
});

after(() => server.close());

describe('fetchSecurities from the ISIN pages', () => {
  it('reads type and industry of both markets', async () => {
    serveIsinPages();
    const byCode = await fetchBoth(createLogger('silent'));

    assert.deepEqual(byCode.get('2330'), { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '半導體業' });
    assert.deepEqual(byCode.get('6488'), { code: '6488', name: '環球晶', market: 'TPEx', type: 'stock', industry: '半導體業' });
    assert.equal(byCode.get('00878')?.type, 'etf');
    assert.equal(byCode.size, 35241 + 11484);
  });

  it('asks for both pages and no daily table', async () => {
    serveIsinPages();
    await fetchBoth(createLogger('silent'));

    assert.deepEqual(server.requests.filter((request) => request.path === ISIN).map((request) => request.query.get('strMode')).sort(), ['2', '4']);
    assert.equal(server.countRequests(STOCK_DAY_ALL), 0);
    assert.equal(server.countRequests(TPEX_DAILY), 0);
  });

  it('leaves warrants out of name resolution', async () => {
    serveIsinPages();
    const byCode = await fetchBoth(createLogger('silent'));
    assert.equal(byCode.get(WARRANT.code)?.type, 'warrant');
    assert.equal(byCode.get(WARRANT.code)?.name, WARRANT.name);

    const resolve = createStockResolver([...byCode.values()]);
    assert.deepEqual(resolve(WARRANT.name), { kind: 'notFound' });
    assert.deepEqual(resolve(WARRANT.code), { kind: 'found', stock: { code: WARRANT.code, name: WARRANT.name, market: 'TPEx' }, exact: true });
    assert.deepEqual(resolve('台積電'), { kind: 'found', stock: { code: '2330', name: '台積電', market: 'TWSE' }, exact: true });
  });
});

describe('fetchSecurities when the TWSE ISIN page fails', () => {
  const failures: { name: string; reply: Reply; error: RegExp }[] = [
    { name: 'a 500', reply: { status: 500 }, error: /HTTP 500/ },
    { name: 'an HTML error page', reply: htmlReply(encodeBig5('<html><body>查詢過於頻繁，請稍後再試</body></html>')), error: /no securities table/ },
    { name: 'an empty body', reply: htmlReply(''), error: /empty response body/ },
    { name: 'a timeout', reply: { delayMs: ISIN_TIMEOUT_MS * 3 }, error: /timed out after 200 ms/ },
  ];

  for (const failure of failures) {
    it(`falls back to STOCK_DAY_ALL on ${failure.name}`, async () => {
      serveIsinPages(failure.reply);
      const { logger, lines } = capturingLogger();
      const byCode = await fetchBoth(logger);

      // STOCK_DAY_ALL of 2026-07-08 lists 2330 but carries no industry.
      assert.deepEqual(byCode.get('2330'), { code: '2330', name: '台積電', market: 'TWSE', type: 'stock', industry: '' });
      assert.equal(byCode.get('6488')?.industry, '半導體業', 'TPEx still comes from its ISIN page');
      assert.equal(server.countRequests(STOCK_DAY_ALL), 1);
      assert.equal(server.countRequests(TPEX_DAILY), 0);

      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.['msg'], FALLBACK_MESSAGE);
      assert.equal(lines[0]?.['market'], 'TWSE');
      assert.match(String((lines[0]?.['err'] as { message?: unknown } | undefined)?.message), failure.error);
    });
  }

  it('rejects when the fallback fails too', async () => {
    serveIsinPages({ status: 500 });
    server.script(STOCK_DAY_ALL, [{ status: 500 }, { status: 500 }, { status: 500 }]);
    await assert.rejects(fetchBoth(createLogger('silent')), (error: unknown) => error instanceof MarketDataError && error.code === 'unavailable');
  });
});

describe('live directory from the ISIN pages', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database.drop();
  });

  it('lists the pages once and routes quotes by their market', async () => {
    serveIsinPages();
    const url = server.url;
    const market = createLiveMarketData({
      pool: database.pool,
      logger: createLogger('silent'),
      baseUrls: { twse: url, twseOpenApi: url, twseMis: url, twseIsin: url, tpex: url, yahoo: url },
      now: () => Date.parse('2026-12-04T10:00:00+08:00'),
      http: { timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 50 },
      isinTimeoutMs: ISIN_TIMEOUT_MS,
    });

    const securities = await market.listSecurities();
    assert.equal(securities.find((security) => security.code === '6488')?.industry, '半導體業');

    await market.getQuotes(['2330', '6488']);
    await market.listSecurities();
    assert.equal(server.countRequests(ISIN), 2, 'one request per page, then the cached directory');
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_2330.tw|otc_6488.tw');
  });
});
