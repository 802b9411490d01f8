import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { messagingApi } from '@line/bot-sdk';

import { checkMessages } from '../../src/line/limits.ts';
import { watchlistCard } from '../../src/line/messages/watchlist-card.ts';
import type { Quote } from '../../src/market/types.ts';

const GLOBAL_WAFERS: Quote = {
  code: '6488', name: '環球晶', market: 'TPEx', price: 530, previousClose: 493, change: 37, changePercent: 7.51,
  open: 505, high: 530, low: 505, volumeLots: 6116, turnover: null, peRatio: null,
  time: Date.UTC(2023, 0, 30, 5, 30), realtime: false, source: '證券櫃檯買賣中心 上櫃股票行情', decimals: 2,
};

function rowTexts(message: messagingApi.FlexMessage): string[][] {
  const bubble = message.contents as messagingApi.FlexBubble;
  return (bubble.body?.contents ?? [])
    .filter((component): component is messagingApi.FlexBox => component.type === 'box')
    .map((box) => box.contents.map((component) => (component as messagingApi.FlexText).text ?? ''));
}

describe('watchlistCard', () => {
  it('shows prices with the quote card places', () => {
    const card = watchlistCard('我的自選股', [
      { stock: { code: '6488', name: '環球晶', market: 'TPEx' }, quote: GLOBAL_WAFERS },
      { stock: { code: '2330', name: '台積電', market: 'TWSE' }, quote: { ...GLOBAL_WAFERS, code: '2330', name: '台積電', price: 593, previousClose: 593, open: 589, high: 593, low: 589 } },
    ]);

    assert.deepEqual(rowTexts(card), [
      ['環球晶 6488', '530.0', '+7.51%'],
      ['台積電 2330', '593', '+7.51%'],
    ]);
    assert.equal(card.altText, '我的自選股：環球晶 530.0、台積電 593');
    assert.deepEqual(checkMessages([card]), []);
  });

  it('shows a dash without a quote', () => {
    const card = watchlistCard('我的自選股', [{ stock: { code: '6488', name: '環球晶', market: 'TPEx' }, quote: null }]);
    assert.deepEqual(rowTexts(card), [['環球晶 6488', '—', '—']]);
  });
});
