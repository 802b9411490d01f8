import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { messagingApi } from '@line/bot-sdk';

import { checkMessages } from '../../src/line/limits.ts';
import { lineUri, NEWS_UNAVAILABLE_TEXT, NO_NEWS_TEXT, newsCarousel } from '../../src/line/messages/news-carousel.ts';
import type { NewsItem } from '../../src/news/types.ts';

function item(index: number, overrides: Partial<NewsItem> = {}): NewsItem {
  return {
    title: `台積電新聞 ${index}`,
    link: `https://tw.stock.yahoo.com/news/${index}.html`,
    source: '鉅亨網',
    publishedAt: Date.UTC(2026, 6, 8, 6, 30, 0),
    ...overrides,
  };
}

function bubblesOf(message: messagingApi.FlexMessage): messagingApi.FlexBubble[] {
  assert.equal(message.contents.type, 'carousel');
  return (message.contents as messagingApi.FlexCarousel).contents;
}

function textsOf(bubble: messagingApi.FlexBubble): string[] {
  const body = bubble.body as messagingApi.FlexBox;
  return body.contents.map((component) => (component as messagingApi.FlexText).text ?? '');
}

describe('newsCarousel', () => {
  it('builds one bubble per item', () => {
    const message = newsCarousel([item(1), item(2)], '台積電 2330 最新消息');
    const bubbles = bubblesOf(message);

    assert.equal(bubbles.length, 2);
    assert.deepEqual(textsOf(bubbles[0]!), ['台積電 2330 最新消息 1/2', '台積電新聞 1', '鉅亨網', '2026/07/08 14:30']);
    assert.deepEqual(bubbles[0]?.action, { type: 'uri', label: '閱讀全文', uri: 'https://tw.stock.yahoo.com/news/1.html' });
    assert.equal(message.altText, '台積電 2330 最新消息：台積電新聞 1');
  });

  it('limits eleven items to ten', () => {
    const items = Array.from({ length: 11 }, (_, index) => item(index));
    const bubbles = bubblesOf(newsCarousel(items, '台積電 2330 最新消息'));

    assert.equal(bubbles.length, 10);
    assert.deepEqual(textsOf(bubbles[9]!)[1], '台積電新聞 9');
  });

  it('gives every bubble one size', () => {
    const bubbles = bubblesOf(newsCarousel([item(1), item(2), item(3)], '大盤 最新消息'));

    assert.deepEqual(bubbles.map((bubble) => bubble.size), ['kilo', 'kilo', 'kilo']);
  });

  it('shows unknown time and source', () => {
    const [bubble] = bubblesOf(newsCarousel([item(1, { publishedAt: null, source: ' ' })], '大盤 最新消息'));

    assert.deepEqual(textsOf(bubble!).slice(2), ['—', '時間不明']);
  });

  it('wraps long titles to three lines', () => {
    const long = '外資連續買超'.repeat(80);
    const message = newsCarousel([item(1, { title: long })], '台積電 2330 最新消息');
    const title = (bubblesOf(message)[0]!.body as messagingApi.FlexBox).contents[1] as messagingApi.FlexText;

    assert.equal(title.wrap, true);
    assert.equal(title.maxLines, 3);
    assert.equal(title.text?.length, 100);
    assert.ok(title.text?.endsWith('…'));
    assert.equal(message.altText.length, 400);
    assert.deepEqual(checkMessages([message]), []);
  });

  it('skips items without http(s) links', () => {
    const items = [
      item(1, { link: 'javascript:alert(1)' }),
      item(2, { link: 'ftp://files.test/a' }),
      item(3, { link: 'not a url' }),
      item(4, { link: `https://news.test/${'a'.repeat(1000)}` }),
      item(5, { link: 'http://news.test/plain' }),
    ];
    const bubbles = bubblesOf(newsCarousel(items, '大盤 最新消息'));

    assert.equal(bubbles.length, 1);
    assert.deepEqual(bubbles[0]?.action, { type: 'uri', label: '閱讀全文', uri: 'http://news.test/plain' });
  });

  it('throws for zero usable items', () => {
    assert.throws(() => newsCarousel([], '大盤 最新消息'), RangeError);
    assert.throws(() => newsCarousel([item(1, { link: 'mailto:a@b.test' })], '大盤 最新消息'), RangeError);
  });

  it('passes LINE limit checks', () => {
    const items = Array.from({ length: 12 }, (_, index) =>
      item(index, { title: `長標題 ${'台股'.repeat(200)}`, link: `https://news.test/新聞/${index}?q=台積電`, source: '來源'.repeat(50) }),
    );

    assert.deepEqual(checkMessages([newsCarousel(items, '台積電 2330 最新消息')]), []);
  });

  it('exports fallback texts', () => {
    assert.equal(NO_NEWS_TEXT, '目前沒有找到相關新聞，請稍後再試。');
    assert.equal(NEWS_UNAVAILABLE_TEXT, '新聞來源暫時無法連線，請稍後再試。');
  });
});

describe('lineUri', () => {
  it('percent-encodes non-ASCII and RFC 3986 outsiders', () => {
    assert.equal(lineUri('https://news.test/台股?q=a|b^c'), 'https://news.test/%E5%8F%B0%E8%82%A1?q=a%7Cb%5Ec');
    assert.equal(lineUri('https://news.test/100%-up'), 'https://news.test/100%25-up');
    assert.equal(lineUri('https://news.test/a%20b'), 'https://news.test/a%20b');
  });

  it('rejects URIs over 1,000 characters', () => {
    const base = 'https://news.test/';
    assert.equal(lineUri(base + 'a'.repeat(1000 - base.length))?.length, 1000);
    assert.equal(lineUri(base + 'a'.repeat(1001 - base.length)), null);
  });
});
