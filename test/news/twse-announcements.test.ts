import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseTwseAnnouncements } from '../../src/news/parse/twse-announcements.ts';
import { NewsError } from '../../src/news/types.ts';

const MOPS_PAGE = 'https://mops.twse.com.tw/mops/#/web/t05sr01_1';

// Keys as the OpenAPI spells them, some with trailing spaces.
const BODY = JSON.stringify([
  {
    出表日期: '1150708',
    發言日期: '1150708',
    發言時間: '143005',
    公司代號: '2330',
    公司名稱: '台積電',
    '主旨 ': '本公司董事會決議發放股利',
    符合條款: '第14款',
    事實發生日: '1150708',
    '說明 ': '1.董事會決議日期：115/07/08\n2.股利所屬年度：114年',
  },
  {
    出表日期: '1150708',
    發言日期: '1150708',
    發言時間: '93005',
    公司代號: '2317',
    公司名稱: '鴻海',
    '主旨 ': '代子公司公告取得設備',
    說明: '',
  },
  {
    發言日期: '1150231',
    發言時間: '250000',
    公司代號: '2330',
    公司名稱: '台積電',
    '主旨 ': '日期錯誤的公告',
  },
  { 公司代號: '2330', 公司名稱: '台積電', '主旨 ': '  ' },
]);

describe('parseTwseAnnouncements', () => {
  it('maps rows to news items', () => {
    const items = parseTwseAnnouncements(BODY);

    assert.equal(items.length, 3);
    assert.deepEqual(items[0], {
      title: '台積電：本公司董事會決議發放股利',
      link: MOPS_PAGE,
      source: '公開資訊觀測站 重大訊息',
      publishedAt: Date.UTC(2026, 6, 8, 6, 30, 5),
      summary: '1.董事會決議日期：115/07/08 2.股利所屬年度：114年',
    });
  });

  it('reads a time without leading zero', () => {
    const [, hon] = parseTwseAnnouncements(BODY);

    assert.equal(hon?.title, '鴻海：代子公司公告取得設備');
    assert.equal(hon?.publishedAt, Date.UTC(2026, 6, 8, 1, 30, 5));
    assert.equal(hon?.summary, undefined);
  });

  it('maps invalid dates to null', () => {
    const items = parseTwseAnnouncements(BODY);

    assert.equal(items[2]?.title, '台積電：日期錯誤的公告');
    assert.equal(items[2]?.publishedAt, null);
  });

  it('filters by company code', () => {
    const items = parseTwseAnnouncements(BODY, { code: ' 2330 ' });

    assert.deepEqual(items.map((item) => item.title), ['台積電：本公司董事會決議發放股利', '台積電：日期錯誤的公告']);
  });

  it('returns empty list for empty array', () => {
    assert.deepEqual(parseTwseAnnouncements('[]'), []);
    assert.deepEqual(parseTwseAnnouncements(BODY, { code: '9999' }), []);
  });

  it('rejects non-array bodies', () => {
    for (const body of ['', '<html>error</html>', '{"stat":"error"}', '[{"公司代號":']) {
      assert.throws(
        () => parseTwseAnnouncements(body),
        (error: unknown) => error instanceof NewsError && error.code === 'malformed',
        `body ${JSON.stringify(body)}`,
      );
    }
  });
});
