import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { messagingApi } from '@line/bot-sdk';

import type { Shortcut } from '../../machines/intents.ts';
import type { Quote } from '../../src/market/types.ts';
import { checkMessages } from '../../src/line/limits.ts';
import { quoteCard } from '../../src/line/messages/quote-card.ts';

/** 2023-12-29 13:30 Asia/Taipei, the close of the year's last session. */
const CLOSE_TIME = Date.UTC(2023, 11, 29, 5, 30);
const MINUTE = 60_000;

const TSMC: Quote = {
  code: '2330',
  name: '台積電',
  market: 'TWSE',
  price: 593,
  previousClose: 593,
  change: 0,
  changePercent: 0,
  open: 589,
  high: 593,
  low: 589,
  volumeLots: 18323,
  turnover: 10_853_000_000,
  peRatio: 15.23,
  time: CLOSE_TIME,
  realtime: true,
  source: '臺灣證券交易所 即時行情',
  decimals: 4,
};

const SHORTCUTS: Shortcut[] = [
  { label: '技術分析', command: 'technical:2330' },
  { label: '再查一檔', command: 'menu:quote' },
];

const UP = '#E0313A';
const DOWN = '#1B9E4B';
const FLAT = '#666666';

type FlexText = messagingApi.FlexText;

/** Collects every text component of the card, in document order. */
function texts(message: messagingApi.FlexMessage): FlexText[] {
  const found: FlexText[] = [];
  const visit = (component: messagingApi.FlexComponent): void => {
    if (component.type === 'text') {
      found.push(component);
    } else if (component.type === 'box') {
      component.contents.forEach(visit);
    }
  };

  const bubble = message.contents;
  assert.equal(bubble.type, 'bubble');
  if (bubble.type === 'bubble' && bubble.body) {
    visit(bubble.body);
  }
  return found;
}

function textOf(message: messagingApi.FlexMessage, value: string): FlexText | undefined {
  return texts(message).find((component) => component.text === value);
}

/** Finds the value text that follows a label text in a table row. */
function valueAfter(message: messagingApi.FlexMessage, label: string): FlexText | undefined {
  const all = texts(message);
  const index = all.findIndex((component) => component.text === label);
  return index === -1 ? undefined : all[index + 1];
}

describe('quoteCard', () => {
  it('passes checkMessages', () => {
    const card = quoteCard(TSMC, CLOSE_TIME + 3 * MINUTE, SHORTCUTS);
    assert.deepEqual(checkMessages([card]), []);
  });

  it('is a mega bubble', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    assert.equal(card.contents.type, 'bubble');
    assert.equal(card.contents.type === 'bubble' ? card.contents.size : undefined, 'mega');
  });

  it('shows name, code and market', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    assert.ok(textOf(card, '台積電'));
    assert.ok(textOf(card, '2330'));
    assert.ok(textOf(card, '上市'));
    assert.ok(textOf(quoteCard({ ...TSMC, market: 'TPEx' }, CLOSE_TIME, SHORTCUTS), '上櫃'));
  });

  it('shows a flat quote in grey', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '593')?.color, FLAT);
    assert.equal(textOf(card, '593')?.size, '3xl');
    assert.equal(textOf(card, '0')?.color, FLAT);
    assert.equal(textOf(card, '0.00%')?.color, FLAT);
  });

  it('shows a rise in red', () => {
    const rise: Quote = { ...TSMC, price: 633, change: 40, changePercent: 6.745362563237774 };
    const card = quoteCard(rise, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '633')?.color, UP);
    assert.equal(textOf(card, '▲40')?.color, UP);
    assert.equal(textOf(card, '+6.75%')?.color, UP);
  });

  it('shows a fall in green', () => {
    const fall: Quote = { ...TSMC, price: 591.5, change: -1.5, changePercent: -0.25295109612141653 };
    const card = quoteCard(fall, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '591.5')?.color, DOWN);
    assert.equal(textOf(card, '▼1.5')?.color, DOWN);
    assert.equal(textOf(card, '−0.25%')?.color, DOWN);
  });

  it('shows every price with the same places', () => {
    // 6488 環球晶 on 2023-01-30 (TPEx daily quotes): the previous close, 493, ticks at 0.5.
    const globalWafers: Quote = {
      ...TSMC, code: '6488', name: '環球晶', market: 'TPEx', price: 530, previousClose: 493, change: 37, changePercent: 7.51,
      open: 505, high: 530, low: 505, decimals: 2, realtime: false, source: '證券櫃檯買賣中心 上櫃股票行情',
    };
    const card = quoteCard(globalWafers, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '530.0')?.size, '3xl');
    assert.equal(textOf(card, '▲37.0')?.color, UP);
    assert.equal(valueAfter(card, '開盤')?.text, '505.0');
    assert.equal(valueAfter(card, '最高')?.text, '530.0');
    assert.equal(valueAfter(card, '最低')?.text, '505.0');
    assert.equal(valueAfter(card, '昨收')?.text, '493.0');
    assert.equal(card.altText, '環球晶 6488 530.0 ▲37.0 (+7.51%) 收盤資料（非即時）');
  });

  it('keeps the places of an off-tick source price', () => {
    const card = quoteCard({ ...TSMC, price: 591.5, change: -1.5, changePercent: -0.25 }, CLOSE_TIME, SHORTCUTS);
    assert.ok(textOf(card, '591.5'));
    assert.equal(valueAfter(card, '開盤')?.text, '589.0');
    assert.equal(valueAfter(card, '昨收')?.text, '593.0');
  });

  it('shows an ETF with two places', () => {
    const etf: Quote = { ...TSMC, code: '0050', name: '元大台灣50', price: 106, previousClose: 105.5, change: 0.5, open: 105.5, high: 106.1, low: 105.3 };
    const card = quoteCard(etf, CLOSE_TIME, SHORTCUTS);
    assert.ok(textOf(card, '106.00'));
    assert.ok(textOf(card, '▲0.50'));
    assert.equal(valueAfter(card, '最高')?.text, '106.10');
  });

  it('colours open, high and low against the previous close', () => {
    const card = quoteCard({ ...TSMC, open: 589, high: 600, low: 593 }, CLOSE_TIME, SHORTCUTS);
    assert.equal(valueAfter(card, '開盤')?.color, DOWN);
    assert.equal(valueAfter(card, '最高')?.color, UP);
    assert.equal(valueAfter(card, '最低')?.color, '#111111');
  });

  it('lists the day figures', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    assert.equal(valueAfter(card, '開盤')?.text, '589');
    assert.equal(valueAfter(card, '最高')?.text, '593');
    assert.equal(valueAfter(card, '最低')?.text, '589');
    assert.equal(valueAfter(card, '昨收')?.text, '593');
    assert.equal(valueAfter(card, '成交量')?.text, '18,323 張');
    assert.equal(valueAfter(card, '成交金額')?.text, '108.53 億');
    assert.equal(valueAfter(card, '本益比')?.text, '15.23');
  });

  it('leaves out unknown turnover and P/E', () => {
    const card = quoteCard({ ...TSMC, turnover: null, peRatio: null }, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '成交金額'), undefined);
    assert.equal(textOf(card, '本益比'), undefined);
    assert.ok(textOf(card, '成交量'));
  });

  it('shows 尚未成交 without a price', () => {
    const noTrade: Quote = { ...TSMC, price: null, change: null, changePercent: null, open: null, high: null, low: null, volumeLots: null };
    const card = quoteCard(noTrade, CLOSE_TIME, SHORTCUTS);
    assert.ok(textOf(card, '尚未成交'));
    assert.equal(valueAfter(card, '開盤')?.text, '—');
    assert.equal(valueAfter(card, '成交量')?.text, '—');
    assert.equal(textOf(card, '0.00%'), undefined);
    assert.equal(card.altText, '台積電 2330 尚未成交');
    assert.deepEqual(checkMessages([card]), []);
  });

  it('shows time, source and age', () => {
    const card = quoteCard(TSMC, CLOSE_TIME + 3 * MINUTE, SHORTCUTS);
    assert.equal(valueAfter(card, '資料時間')?.text, '2023/12/29 13:30（3 分鐘前）');
    assert.equal(valueAfter(card, '資料來源')?.text, '臺灣證券交易所 即時行情');
  });

  it('marks realtime data only by its age', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    assert.equal(textOf(card, '收盤資料（非即時）'), undefined);
    assert.match(valueAfter(card, '資料時間')?.text ?? '', /剛剛/);
  });

  it('names the closing feed for an old real-time quote', () => {
    const card = quoteCard(TSMC, CLOSE_TIME + 20 * MINUTE, SHORTCUTS);
    assert.equal(valueAfter(card, '資料來源')?.text, '臺灣證券交易所 收盤行情');
    assert.ok(textOf(card, '收盤資料（非即時）'));
  });

  it('keeps the recording mark on the closing feed', () => {
    const recorded: Quote = { ...TSMC, source: '臺灣證券交易所 即時行情（錄製資料）' };
    const card = quoteCard(recorded, CLOSE_TIME + 2 * 24 * 60 * MINUTE, SHORTCUTS);
    assert.equal(valueAfter(card, '資料來源')?.text, '臺灣證券交易所 收盤行情（錄製資料）');
  });

  it('names no feed for an old intraday quote', () => {
    const morning: Quote = { ...TSMC, time: CLOSE_TIME - 3 * 60 * MINUTE };
    const card = quoteCard(morning, CLOSE_TIME, SHORTCUTS);
    assert.equal(valueAfter(card, '資料來源')?.text, '臺灣證券交易所');
    assert.ok(textOf(card, '盤中資料（非即時）'));
    assert.equal(textOf(card, '收盤資料（非即時）'), undefined);
    assert.match(card.altText, /盤中資料（非即時）$/);
  });

  it('never says 即時 for a value that is not live', () => {
    const states: [string, Quote, number][] = [
      ['old real-time at the close', TSMC, CLOSE_TIME + 20 * MINUTE],
      ['old real-time intraday', { ...TSMC, time: CLOSE_TIME - 60 * MINUTE }, CLOSE_TIME],
      ['stale cached real-time', { ...TSMC, realtime: false, stale: true }, CLOSE_TIME + 5 * MINUTE],
      ['daily close', { ...TSMC, realtime: false, source: '臺灣證券交易所 每日收盤行情' }, CLOSE_TIME],
    ];
    for (const [state, quote, now] of states) {
      const source = valueAfter(quoteCard(quote, now, SHORTCUTS), '資料來源')?.text ?? '';
      assert.doesNotMatch(source, /即時/, state);
    }
  });

  it('notes non-realtime data', () => {
    const closing: Quote = { ...TSMC, realtime: false, source: '臺灣證券交易所 每日收盤行情' };
    const card = quoteCard(closing, CLOSE_TIME + 2 * 24 * 60 * MINUTE, SHORTCUTS);
    assert.ok(textOf(card, '收盤資料（非即時）'));
    assert.match(valueAfter(card, '資料時間')?.text ?? '', /2 天前/);
    assert.match(card.altText, /收盤資料（非即時）$/);
  });

  it('summarises the quote in altText', () => {
    assert.equal(quoteCard(TSMC, CLOSE_TIME, SHORTCUTS).altText, '台積電 2330 593 0 (0.00%)');

    const rise: Quote = { ...TSMC, price: 633, change: 40, changePercent: 6.745362563237774 };
    assert.equal(quoteCard(rise, CLOSE_TIME, SHORTCUTS).altText, '台積電 2330 633 ▲40 (+6.75%)');
  });

  it('keeps altText within 400 units', () => {
    const longName: Quote = { ...TSMC, name: '股'.repeat(500) };
    const card = quoteCard(longName, CLOSE_TIME, SHORTCUTS);
    assert.ok(card.altText.length <= 400);
    assert.deepEqual(checkMessages([card]), []);
  });

  it('attaches the shortcuts as quick replies', () => {
    const card = quoteCard(TSMC, CLOSE_TIME, SHORTCUTS);
    const actions = card.quickReply?.items?.map((item) => item.action);
    assert.deepEqual(actions, [
      { type: 'postback', label: '技術分析', data: 'cmd=technical%3A2330', displayText: '技術分析' },
      { type: 'postback', label: '再查一檔', data: 'cmd=menu%3Aquote', displayText: '再查一檔' },
    ]);
  });

  it('has no quick reply without shortcuts', () => {
    assert.equal(quoteCard(TSMC, CLOSE_TIME, []).quickReply, undefined);
  });

  it('replaces blank name and source with a dash', () => {
    const card = quoteCard({ ...TSMC, name: '', source: '' }, CLOSE_TIME, SHORTCUTS);
    assert.ok(texts(card).every((component) => component.text !== ''));
  });
});

describe('quote card for stale data', () => {
  it('says the source failed and keeps the data time', () => {
    const stale: Quote = {
      code: '2330', name: '台積電', market: 'TWSE' as const, price: 593, previousClose: 593, change: 0, changePercent: 0,
      open: 589, high: 593, low: 589, volumeLots: 18323, turnover: null, peRatio: null,
      time: Date.UTC(2023, 11, 29, 5, 30), realtime: false, stale: true, source: '臺灣證券交易所 即時行情', decimals: 4,
    };
    const card = quoteCard(stale, Date.UTC(2023, 11, 29, 6, 0), []);
    const json = JSON.stringify(card);

    assert.match(json, /非即時資料：資料來源暫時無法連線/);
    assert.match(json, /2023\/12\/29 13:30/);
    assert.match(card.altText, /非即時資料/);
    assert.equal(valueAfter(card, '資料來源')?.text, '臺灣證券交易所 收盤行情');
  });
});
