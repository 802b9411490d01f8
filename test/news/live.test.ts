import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { createLogger } from '../../src/logger.ts';
import { createHttpClient } from '../../src/market/live/http.ts';
import { createLiveNews } from '../../src/news/live.ts';
import { NewsError } from '../../src/news/types.ts';

const YAHOO = 'https://yahoo.invalid';
const TWSE = 'https://twse.invalid/v1';

function rss(items: { title: string; link: string; date: string }[]): string {
  const entries = items.map((item) => `<item><title>${item.title}</title><link>${item.link}</link><pubDate>${item.date}</pubDate></item>`);
  return `<rss version="2.0"><channel><title>Yahoo奇摩股市</title>${entries.join('')}</channel></rss>`;
}

const STOCK_FEED = rss([
  { title: '台積電早盤', link: 'https://news.test/1?utm_source=yahoo', date: 'Wed, 08 Jul 2026 01:30:00 GMT' },
  { title: '台積電收盤', link: 'https://news.test/2', date: 'Wed, 08 Jul 2026 05:40:00 GMT' },
]);

const ANNOUNCEMENTS = JSON.stringify([
  { 發言日期: '1150708', 發言時間: '120000', 公司代號: '2330', 公司名稱: '台積電', '主旨 ': '公告董事會決議' },
  { 發言日期: '1150708', 發言時間: '130000', 公司代號: '2454', 公司名稱: '聯發科', '主旨 ': '其他公司公告' },
]);

/** Returns a getText that serves fixed bodies by URL. An Error value makes that URL fail. */
function stubGetText(bodies: Record<string, string | Error>, requested: string[] = []): (url: string) => Promise<string> {
  return async (url) => {
    requested.push(url);
    const body = bodies[url];
    if (body === undefined) {
      throw new Error(`unexpected URL ${url}`);
    }
    if (body instanceof Error) {
      throw body;
    }
    return body;
  };
}

describe('createLiveNews', () => {
  it('merges stock feed and announcements', async () => {
    const requested: string[] = [];
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?s=2330`]: STOCK_FEED, [`${TWSE}/opendata/t187ap04_L`]: ANNOUNCEMENTS }, requested),
      baseUrls: { yahooNews: `${YAHOO}/`, twseOpenApi: TWSE },
    });

    const items = await news.forStock('2330', '台積電');

    assert.deepEqual(requested.sort(), [`${TWSE}/opendata/t187ap04_L`, `${YAHOO}/rss?s=2330`]);
    assert.deepEqual(items.map((item) => item.title), ['台積電收盤', '台積電：公告董事會決議', '台積電早盤']);
    assert.equal(items[2]?.link, 'https://news.test/1');
  });

  it('keeps one source when other fails', async () => {
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?s=2330`]: new Error('timed out'), [`${TWSE}/opendata/t187ap04_L`]: ANNOUNCEMENTS }),
      baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE },
    });

    const items = await news.forStock('2330', '台積電');

    assert.deepEqual(items.map((item) => item.title), ['台積電：公告董事會決議']);
  });

  it('treats a malformed body as failure', async () => {
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?s=2330`]: STOCK_FEED, [`${TWSE}/opendata/t187ap04_L`]: '<html>503</html>' }),
      baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE },
    });

    const items = await news.forStock('2330', '台積電');

    assert.deepEqual(items.map((item) => item.title), ['台積電收盤', '台積電早盤']);
  });

  it('throws unavailable when all fail', async () => {
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?s=2330`]: new Error('reset'), [`${TWSE}/opendata/t187ap04_L`]: 'not json' }),
      baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE },
    });

    await assert.rejects(news.forStock('2330', '台積電'), (error: unknown) => error instanceof NewsError && error.code === 'unavailable');
  });

  it('caps merged items at ten', async () => {
    const many = rss(Array.from({ length: 12 }, (_, index) => ({
      title: `新聞 ${index}`,
      link: `https://news.test/${index}`,
      date: `Wed, 08 Jul 2026 ${String(index).padStart(2, '0')}:00:00 GMT`,
    })));
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?s=2330`]: many, [`${TWSE}/opendata/t187ap04_L`]: '[]' }),
      baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE },
    });

    const items = await news.forStock('2330', '台積電');

    assert.equal(items.length, 10);
    assert.equal(items[0]?.title, '新聞 11');
    assert.equal(items[9]?.title, '新聞 2');
  });

  it('reads the market feed', async () => {
    const requested: string[] = [];
    const news = createLiveNews({
      getText: stubGetText({ [`${YAHOO}/rss?category=tw-market`]: STOCK_FEED }, requested),
      baseUrls: { yahooNews: YAHOO, twseOpenApi: TWSE },
    });

    const items = await news.forMarket();

    assert.deepEqual(requested, [`${YAHOO}/rss?category=tw-market`]);
    assert.equal(items.length, 2);
  });
});

describe('createLiveNews over HTTP', () => {
  let server: Server;
  let origin = '';
  const paths: string[] = [];

  before(async () => {
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      if (request.url === '/rss?s=2330') {
        response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
        response.end(STOCK_FEED);
        return;
      }

      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fetches through the market HTTP client', async () => {
    const http = createHttpClient({ logger: createLogger('silent'), maxAttempts: 1, timeoutMs: 2000 });
    const news = createLiveNews({ getText: (url) => http.getText(url), baseUrls: { yahooNews: origin, twseOpenApi: `${origin}/v1` } });

    const items = await news.forStock('2330', '台積電');

    assert.deepEqual(paths.sort(), ['/rss?s=2330', '/v1/opendata/t187ap04_L']);
    assert.deepEqual(items.map((item) => item.title), ['台積電收盤', '台積電早盤']);
  });
});
