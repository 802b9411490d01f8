import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createRecordedNews } from '../../src/news/recorded.ts';
import { NewsError } from '../../src/news/types.ts';

const STOCK_RSS = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Yahoo奇摩股市</title>
  <item><title>台積電法說會</title><link>https://tw.stock.yahoo.com/news/tsmc-1.html</link><pubDate>Wed, 08 Jul 2026 02:00:00 GMT</pubDate></item>
  <item><title>台積電 ADR 上漲</title><link>https://tw.stock.yahoo.com/news/tsmc-2.html</link><pubDate>Wed, 08 Jul 2026 07:00:00 GMT</pubDate></item>
</channel></rss>`;

const MARKET_RSS = `<rss version="2.0"><channel><title>Yahoo奇摩股市</title>
  <item><title>台股收盤上漲百點</title><link>https://tw.stock.yahoo.com/news/market-1.html</link><pubDate>Wed, 08 Jul 2026 05:40:00 GMT</pubDate></item>
</channel></rss>`;

const ANNOUNCEMENTS = JSON.stringify([
  { 發言日期: '1150708', 發言時間: '143000', 公司代號: '2330', 公司名稱: '台積電', '主旨 ': '公告董事會決議' },
  { 發言日期: '1150708', 發言時間: '150000', 公司代號: '2317', 公司名稱: '鴻海', '主旨 ': '公告取得設備' },
]);

describe('createRecordedNews', () => {
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gulema-news-'));
    await writeFile(join(dir, 'news-yahoo-rss-2330.xml'), STOCK_RSS);
    await writeFile(join(dir, 'news-yahoo-rss-market.xml'), MARKET_RSS);
    await writeFile(join(dir, 'twse-t187ap04_L.json'), ANNOUNCEMENTS);
    await writeFile(join(dir, 'news-yahoo-rss-9999.xml'), '<html>not a feed');
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges feed and announcements by time', async () => {
    const items = await createRecordedNews(dir).forStock('2330', '台積電');

    assert.deepEqual(items.map((item) => item.title), ['台積電 ADR 上漲', '台積電：公告董事會決議', '台積電法說會']);
    assert.deepEqual(items.map((item) => item.source), ['Yahoo奇摩股市', '公開資訊觀測站 重大訊息', 'Yahoo奇摩股市']);
  });

  it('serves the market feed', async () => {
    const items = await createRecordedNews(dir).forMarket();

    assert.equal(items.length, 1);
    assert.equal(items[0]?.title, '台股收盤上漲百點');
  });

  it('uses announcements without a feed', async () => {
    const items = await createRecordedNews(dir).forStock('2317', '鴻海');

    assert.deepEqual(items.map((item) => item.title), ['鴻海：公告取得設備']);
  });

  it('returns empty list for missing files', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'gulema-news-empty-'));
    try {
      const news = createRecordedNews(empty);
      assert.deepEqual(await news.forStock('2330', '台積電'), []);
      assert.deepEqual(await news.forMarket(), []);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('ignores codes unsafe as file names', async () => {
    assert.deepEqual(await createRecordedNews(dir).forStock('../2330', '台積電'), []);
  });

  it('rejects a malformed recording', async () => {
    await assert.rejects(
      createRecordedNews(dir).forStock('9999', '測試'),
      (error: unknown) => error instanceof NewsError && error.code === 'malformed',
    );
  });
});
