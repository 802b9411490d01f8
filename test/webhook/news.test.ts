import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { encodeChoice } from '../../src/conversation/postback.ts';
import { postbackEvent, textEvent } from '../../src/line/webhook-events.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Yahoo奇摩股市</title>
<item><title><![CDATA[台積電法說會釋出樂觀展望]]></title><link>https://tw.stock.yahoo.com/news/a1.html?utm_source=rss</link><pubDate>Fri, 04 Dec 2026 06:30:00 GMT</pubDate><source>經濟日報</source></item>
<item><title>台積電 &amp; 供應鏈同步走強</title><link>https://tw.stock.yahoo.com/news/a2.html</link><pubDate>Fri, 04 Dec 2026 05:00:00 GMT</pubDate></item>
<item><title>重複的新聞</title><link>https://tw.stock.yahoo.com/news/a1.html</link></item>
</channel></rss>`;

describe('最新消息 end to end', () => {
  let harness: Harness;
  let dir: string;

  before(async () => {
    // The recorded files plus a feed made here; nothing is copied, the market files are linked.
    dir = mkdtempSync(path.join(tmpdir(), 'gulema-news-'));
    for (const file of readdirSync(marketDataDir())) {
      symlinkSync(path.join(marketDataDir(), file), path.join(dir, file));
    }
    writeFileSync(path.join(dir, 'news-yahoo-rss-2330.xml'), FEED);
    harness = await startHarness({ env: { MARKET_DATA_DIR: dir } });
  });

  after(async () => {
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ask(user: string, events: Parameters<Harness['send']>[0][]): Promise<messagingApi.Message> {
    for (const batch of events) {
      const seen = harness.line.api.sentTo(user).length;
      await harness.send(batch);
      await harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
    }
    return harness.line.api.sentTo(user).at(-1)!.messages[0]!;
  }

  it('shows a carousel of deduplicated headlines for 2330', async () => {
    const user = `U${'b'.repeat(31)}1`;
    const message = (await ask(user, [[textEvent({ userId: user, text: '最新消息' })], [textEvent({ userId: user, text: '2330' })]])) as messagingApi.FlexMessage;

    assert.equal(message.type, 'flex');
    const carousel = message.contents as messagingApi.FlexCarousel;
    assert.equal(carousel.type, 'carousel');
    assert.equal(carousel.contents.length, 2, 'the duplicate link is dropped');
    assert.match(JSON.stringify(carousel), /台積電法說會釋出樂觀展望/);
    assert.match(JSON.stringify(carousel), /台積電 & 供應鏈同步走強/);
    assert.match(message.altText, /台積電 2330 最新消息/);
  });

  it('market news with no saved feed says so instead of an empty carousel', async () => {
    const user = `U${'b'.repeat(31)}2`;
    const message = (await ask(user, [[textEvent({ userId: user, text: '最新消息' })], [postbackEvent({ userId: user, data: encodeChoice('news', 'askTarget', 'market') })]])) as messagingApi.TextMessage;

    assert.equal(message.type, 'text');
    assert.match(message.text, /目前沒有找到相關新聞/);
  });
});
