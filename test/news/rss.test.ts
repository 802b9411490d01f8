import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseRss } from '../../src/news/parse/rss.ts';
import { NewsError } from '../../src/news/types.ts';

function feed(items: string, channelTitle = '<title>Yahoo奇摩股市</title>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    ${channelTitle}
    <link>https://tw.stock.yahoo.com/</link>
    ${items}
  </channel>
</rss>`;
}

describe('parseRss', () => {
  it('reads title, link, source, date, summary', () => {
    const items = parseRss(feed(`
      <item>
        <title>台積電七月營收創新高</title>
        <link>https://tw.stock.yahoo.com/news/a-1.html</link>
        <pubDate>Wed, 08 Jul 2026 06:30:00 GMT</pubDate>
        <description>營收年增三成</description>
        <source url="https://news.cnyes.com">鉅亨網</source>
      </item>`));

    assert.equal(items.length, 1);
    assert.deepEqual(items[0], {
      title: '台積電七月營收創新高',
      link: 'https://tw.stock.yahoo.com/news/a-1.html',
      source: '鉅亨網',
      publishedAt: Date.UTC(2026, 6, 8, 6, 30, 0),
      summary: '營收年增三成',
    });
  });

  it('unwraps CDATA and strips HTML', () => {
    const [item] = parseRss(feed(`
      <item>
        <title><![CDATA[聯發科 <b>漲停</b> & 外資買超]]></title>
        <link>https://tw.stock.yahoo.com/news/b.html</link>
        <description><![CDATA[<p><a href="https://x.test/"><img src="https://x.test/i.jpg"/></a></p><p>法人看好 AI 晶片</p>]]></description>
      </item>`));

    assert.equal(item?.title, '聯發科 漲停 & 外資買超');
    assert.equal(item?.summary, '法人看好 AI 晶片');
  });

  it('decodes named and numeric entities', () => {
    const [item] = parseRss(feed(`
      <item>
        <title>鴻海 &amp;amp; 廣達&hellip;&#8220;AI&#8221; &#x4E2D;&#x6587; A&nbsp;B</title>
        <link>https://tw.stock.yahoo.com/news/c.html?id=7&amp;lang=zh-TW</link>
        <description>&lt;p&gt;本益比 &lt; 15&lt;/p&gt;</description>
      </item>`));

    assert.equal(item?.title, '鴻海 & 廣達…“AI” 中文 A B');
    assert.equal(item?.link, 'https://tw.stock.yahoo.com/news/c.html?id=7&lang=zh-TW');
    assert.equal(item?.summary, '本益比 < 15');
  });

  it('decodes &amp; in a CDATA link', () => {
    const [item] = parseRss(feed(`
      <item>
        <title>t</title>
        <link><![CDATA[https://news.test/a?x=1&amp;y=2&copy=3]]></link>
      </item>`));

    assert.equal(item?.link, 'https://news.test/a?x=1&y=2&copy=3');
  });

  it('maps missing or bad dates to null', () => {
    const items = parseRss(feed(`
      <item><title>no date</title><link>https://news.test/1</link></item>
      <item><title>garbage</title><link>https://news.test/2</link><pubDate>昨天下午</pubDate></item>
      <item><title>day 32</title><link>https://news.test/3</link><pubDate>Fri, 32 Jul 2026 06:30:00 GMT</pubDate></item>
      <item><title>no zone</title><link>https://news.test/4</link><pubDate>Wed, 08 Jul 2026 06:30:00</pubDate></item>
      <item><title>offset</title><link>https://news.test/5</link><pubDate>Wed, 08 Jul 2026 14:30:00 +0800</pubDate></item>`));

    assert.deepEqual(items.map((item) => item.publishedAt), [null, null, null, null, Date.UTC(2026, 6, 8, 6, 30, 0)]);
  });

  it('skips items without usable links', () => {
    const items = parseRss(feed(`
      <item><title>missing</title></item>
      <item><title>empty</title><link>  </link></item>
      <item><title>relative</title><link>/news/x.html</link></item>
      <item><title>script</title><link>javascript:alert(1)</link></item>
      <item><title>kept</title><link>http://news.test/ok</link></item>`));

    assert.deepEqual(items.map((item) => item.title), ['kept']);
    assert.equal(items[0]?.link, 'http://news.test/ok');
  });

  it('dedupes links ignoring tracking parameters', () => {
    const items = parseRss(feed(`
      <item><title>first</title><link> https://news.test/a?id=1&amp;utm_source=rss&amp;utm_medium=feed </link></item>
      <item><title>again</title><link>https://NEWS.test/a?id=1&amp;fbclid=abc</link></item>
      <item><title>same page</title><link>https://news.test/a?id=1</link><pubDate>Wed, 08 Jul 2026 06:30:00 GMT</pubDate></item>
      <item><title>other</title><link>https://news.test/a?id=2&amp;.tsrc=rss</link></item>`));

    assert.deepEqual(items.map((item) => item.title), ['first', 'other']);
    assert.equal(items[0]?.link, 'https://news.test/a?id=1');
    assert.equal(items[0]?.publishedAt, Date.UTC(2026, 6, 8, 6, 30, 0));
    assert.equal(items[1]?.link, 'https://news.test/a?id=2');
  });

  it('collapses whitespace in text', () => {
    const [item] = parseRss(feed(`
      <item>
        <title>
          台股
            收盤　大漲
        </title>
        <link>https://news.test/w</link>
      </item>`));

    assert.equal(item?.title, '台股 收盤 大漲');
  });

  it('percent-encodes non-ASCII links', () => {
    const [item] = parseRss(feed('<item><title>t</title><link>https://news.test/新聞/台積電?q=營收</link></item>'));

    assert.equal(item?.link, 'https://news.test/%E6%96%B0%E8%81%9E/%E5%8F%B0%E7%A9%8D%E9%9B%BB?q=%E7%87%9F%E6%94%B6');
  });

  it('uses channel title as fallback source', () => {
    const [fromChannel] = parseRss(feed('<item><title>t</title><link>https://news.test/1</link></item>'));
    const [fromOption] = parseRss(feed('<item><title>t</title><link>https://news.test/1</link></item>', ''), { fallbackSource: '備用來源' });

    assert.equal(fromChannel?.source, 'Yahoo奇摩股市');
    assert.equal(fromOption?.source, '備用來源');
  });

  it('returns empty list for empty channel', () => {
    assert.deepEqual(parseRss(feed('')), []);
    assert.deepEqual(parseRss('<rss version="2.0"><channel/></rss>'), []);
  });

  it('rejects malformed feeds', () => {
    const bodies = [
      '',
      'Service Unavailable',
      '{"items":[]}',
      '<rss><channel><item><title>x</title></channel></rss>',
      '<html><body><h1>502 Bad Gateway</h1></body></html>',
      '<rss version="2.0"><title>no channel</title></rss>',
    ];

    for (const body of bodies) {
      assert.throws(
        () => parseRss(body),
        (error: unknown) => error instanceof NewsError && error.code === 'malformed',
        `body ${JSON.stringify(body)}`,
      );
    }
  });
});
