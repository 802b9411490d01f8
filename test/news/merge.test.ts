import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizeLink } from '../../src/news/links.ts';
import { mergeNews } from '../../src/news/merge.ts';
import type { NewsItem } from '../../src/news/types.ts';

function item(title: string, link: string, publishedAt: number | null): NewsItem {
  return { title, link, source: 'test', publishedAt };
}

describe('normalizeLink', () => {
  it('drops tracking parameters only', () => {
    assert.equal(normalizeLink('https://a.test/p?utm_source=x&id=5&UTM_Campaign=y&gclid=z'), 'https://a.test/p?id=5');
    assert.equal(normalizeLink('https://a.test/p?utm_source=x#top'), 'https://a.test/p#top');
  });

  it('keeps other query encoding intact', () => {
    assert.equal(normalizeLink('https://a.test/p?q=a%20b&list=1,2&utm_medium=rss'), 'https://a.test/p?q=a%20b&list=1,2');
  });

  it('rejects relative and non-http links', () => {
    assert.equal(normalizeLink(''), null);
    assert.equal(normalizeLink('news/1.html'), null);
    assert.equal(normalizeLink('ftp://a.test/file'), null);
    assert.equal(normalizeLink('mailto:a@b.test'), null);
  });
});

describe('mergeNews', () => {
  it('sorts newest first, undated last', () => {
    const merged = mergeNews([
      [item('old', 'https://a.test/1', 1_000), item('undated', 'https://a.test/2', null)],
      [item('new', 'https://b.test/1', 3_000), item('middle', 'https://b.test/2', 2_000)],
    ]);

    assert.deepEqual(merged.map((entry) => entry.title), ['new', 'middle', 'old', 'undated']);
  });

  it('dedupes across sources by link', () => {
    const merged = mergeNews([
      [item('yahoo', 'https://a.test/1?utm_source=yahoo', 1_000)],
      [item('copy', 'https://a.test/1', 2_000)],
    ]);

    assert.equal(merged.length, 1);
    assert.equal(merged[0]?.title, 'yahoo');
  });

  it('keeps announcements sharing listing page', () => {
    const page = 'https://mops.twse.com.tw/mops/#/web/t05sr01_1';
    const merged = mergeNews([[item('甲公告', page, 1_000), item('乙公告', page, 2_000), item('甲公告', page, 1_000)]]);

    assert.deepEqual(merged.map((entry) => entry.title), ['乙公告', '甲公告']);
  });

  it('caps the list at ten', () => {
    const many = Array.from({ length: 15 }, (_, index) => item(`n${index}`, `https://a.test/${index}`, index));
    const merged = mergeNews([many]);

    assert.equal(merged.length, 10);
    assert.equal(merged[0]?.title, 'n14');
    assert.equal(merged[9]?.title, 'n5');
  });
});
