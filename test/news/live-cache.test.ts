import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { createLogger } from '../../src/logger.ts';
import { createMarketCache, type MarketCache } from '../../src/market/cache.ts';
import { createLiveNews } from '../../src/news/live.ts';
import { NewsError } from '../../src/news/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const YAHOO = 'https://yahoo.invalid';
const TWSE = 'https://twse.invalid/v1';
const STOCK_URL = `${YAHOO}/rss?s=2330`;
const TWSE_URL = `${TWSE}/opendata/t187ap04_L`;
const START = Date.parse('2026-07-08T14:00:00+08:00');

const FEED = `<rss version="2.0"><channel><title>Yahoo奇摩股市</title>
  <item><title>台積電收盤</title><link>https://news.test/1</link><pubDate>Wed, 08 Jul 2026 05:40:00 GMT</pubDate></item>
</channel></rss>`;

let database: TestDatabase;
let cache: MarketCache;
let clock = START;

before(async () => {
  database = await createTestDatabase();
  cache = createMarketCache({ pool: database.pool, logger: createLogger('silent'), now: () => clock });
});

beforeEach(async () => {
  clock = START;
  await database.pool.query('DELETE FROM market_cache');
});

after(() => database.drop());

/** Returns a getText that counts requests per URL and returns bodies from `bodies`, which a test may change. */
function countingGetText(bodies: Map<string, string | Error>): { getText: (url: string) => Promise<string>; count: (url: string) => number } {
  const counts = new Map<string, number>();
  return {
    count: (url) => counts.get(url) ?? 0,
    async getText(url) {
      counts.set(url, (counts.get(url) ?? 0) + 1);
      const body = bodies.get(url);
      if (body === undefined || body instanceof Error) {
        throw body ?? new Error(`unexpected URL ${url}`);
      }
      return body;
    },
  };
}

describe('createLiveNews with cache', () => {
  it('serves a complete result for ten minutes', async () => {
    const bodies = new Map<string, string | Error>([[STOCK_URL, FEED], [TWSE_URL, '[]']]);
    const source = countingGetText(bodies);
    const news = createLiveNews({ getText: source.getText, baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE }, cache });

    await news.forStock('2330', '台積電');
    clock = START + 9 * 60_000;
    const cached = await news.forStock('2330', '台積電');

    assert.equal(source.count(STOCK_URL), 1);
    assert.deepEqual(cached.map((item) => item.title), ['台積電收盤']);

    clock = START + 10 * 60_000 + 1;
    await news.forStock('2330', '台積電');
    assert.equal(source.count(STOCK_URL), 2);
  });

  it('retries a partial result after a minute', async () => {
    const bodies = new Map<string, string | Error>([[STOCK_URL, FEED], [TWSE_URL, new Error('timed out')]]);
    const source = countingGetText(bodies);
    const news = createLiveNews({ getText: source.getText, baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE }, cache });

    await news.forStock('2330', '台積電');
    clock = START + 30_000;
    await news.forStock('2330', '台積電');
    assert.equal(source.count(TWSE_URL), 1);

    clock = START + 60_001;
    await news.forStock('2330', '台積電');
    assert.equal(source.count(TWSE_URL), 2);
  });

  it('serves stale items when sources fail', async () => {
    const bodies = new Map<string, string | Error>([[STOCK_URL, FEED], [TWSE_URL, '[]']]);
    const news = createLiveNews({ getText: countingGetText(bodies).getText, baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE }, cache });
    await news.forStock('2330', '台積電');

    bodies.set(STOCK_URL, new Error('reset'));
    bodies.set(TWSE_URL, new Error('reset'));
    clock = START + 60 * 60_000;
    const stale = await news.forStock('2330', '台積電');

    assert.deepEqual(stale.map((item) => item.title), ['台積電收盤']);
  });

  it('throws unavailable with nothing cached', async () => {
    const bodies = new Map<string, string | Error>([[STOCK_URL, new Error('reset')], [TWSE_URL, new Error('reset')]]);
    const news = createLiveNews({ getText: countingGetText(bodies).getText, baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE }, cache });

    await assert.rejects(news.forStock('2330', '台積電'), (error: unknown) => error instanceof NewsError && error.code === 'unavailable');
  });
});
