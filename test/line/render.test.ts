import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import type { messagingApi } from '@line/bot-sdk';

import type { Intent, StockRef } from '../../machines/intents.ts';
import { MarketDataError, type MarketData, type MarketDataErrorCode, type Quote } from '../../src/market/types.ts';
import { checkMessages } from '../../src/line/limits.ts';
import { MESSAGES_OMITTED_TEXT, QUOTE_FAILED_TEXT, QUOTE_UNAVAILABLE_TEXT, renderIntents } from '../../src/line/render.ts';
import { NO_NEWS_TEXT } from '../../src/line/messages/news-carousel.ts';
import { createRecordedNews } from '../../src/news/recorded.ts';
import type { NewsProvider } from '../../src/news/types.ts';

/** 2023-12-29 13:30 Asia/Taipei. */
const CLOSE_TIME = Date.UTC(2023, 11, 29, 5, 30);

const TSMC_REF: StockRef = { code: '2330', name: '台積電', market: 'TWSE' };

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
  turnover: null,
  peRatio: null,
  time: CLOSE_TIME,
  realtime: true,
  source: '臺灣證券交易所 即時行情',
  decimals: 4,
};

/** A MarketData stub whose getQuote returns TSMC or throws what it is given. */
function stubMarket(failure?: unknown): MarketData & { requested: string[] } {
  const requested: string[] = [];
  return {
    requested,
    async getQuote(code: string): Promise<Quote> {
      requested.push(code);
      if (failure !== undefined) {
        throw failure;
      }
      return { ...TSMC, code };
    },
    async getDailyBars(): Promise<never> {
      throw new Error('getDailyBars is not used by rendering');
    },
    async listSecurities(): Promise<never> {
      throw new Error('listSecurities is not used by rendering');
    },
  };
}

function recordingLogger(): { warn(context: object, message: string): void; calls: Array<{ context: object; message: string }> } {
  const calls: Array<{ context: object; message: string }> = [];
  return {
    calls,
    warn(context: object, message: string): void {
      calls.push({ context, message });
    },
  };
}

function say(text: string): Intent {
  return { type: 'say', text };
}

function textOf(message: messagingApi.Message | undefined): string | undefined {
  return message?.type === 'text' ? message.text : undefined;
}

function postbackData(message: messagingApi.Message | undefined): string[] {
  return (message?.quickReply?.items ?? []).map((item) => (item.action?.type === 'postback' ? (item.action.data ?? '') : ''));
}

async function render(intents: Intent[], market = stubMarket(), logger = recordingLogger()): Promise<messagingApi.Message[]> {
  const messages = await renderIntents(intents, { market, now: CLOSE_TIME + 60_000, logger });
  assert.deepEqual(checkMessages(messages), [], 'rendered messages must pass checkMessages');
  return messages;
}

describe('renderIntents', () => {
  it('returns nothing for no intents', async () => {
    assert.deepEqual(await renderIntents([], { market: stubMarket(), now: CLOSE_TIME }), []);
  });

  it('renders say as text', async () => {
    const messages = await render([say('你好，請輸入股票代號或名稱。')]);
    assert.deepEqual(messages, [{ type: 'text', text: '你好，請輸入股票代號或名稱。' }]);
  });

  it('renders say shortcuts as commands', async () => {
    const messages = await render([{ type: 'say', text: '還需要什麼？', shortcuts: [{ label: '查報價', command: 'menu:quote' }] }]);
    assert.deepEqual(postbackData(messages[0]), ['cmd=menu%3Aquote']);
  });

  it('renders ask choices as postback choices', async () => {
    const ask: Intent = {
      type: 'ask',
      dialogue: 'quote',
      step: 'pickStock',
      text: '找到多檔，請選擇：',
      choices: [
        { label: '台積電 2330', value: '2330' },
        { label: '台積電ADR', value: 'TSM' },
      ],
    };
    const messages = await render([ask]);
    assert.equal(textOf(messages[0]), '找到多檔，請選擇：');
    assert.deepEqual(postbackData(messages[0]), ['d=quote&s=pickStock&v=2330', 'd=quote&s=pickStock&v=TSM']);
    assert.equal(messages[0]?.quickReply?.items?.[0]?.action?.label, '台積電 2330');
  });

  it('warns when an ask has over 13 choices', async () => {
    const logger = recordingLogger();
    const choices = Array.from({ length: 15 }, (_, index) => ({ label: `選項 ${index + 1}`, value: String(index) }));
    const messages = await render([{ type: 'ask', dialogue: 'quote', step: 'pickStock', text: '請選擇：', choices }], stubMarket(), logger);
    assert.equal(messages[0]?.quickReply?.items?.length, 13);
    assert.equal(logger.calls.length, 1);
  });

  it('renders showQuote as a quote card', async () => {
    const market = stubMarket();
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], market);
    assert.deepEqual(market.requested, ['2330']);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.type, 'flex');
    assert.equal(messages[0]?.type === 'flex' ? messages[0].altText : undefined, '台積電 2330 593 0 (0.00%)');
    assert.deepEqual(postbackData(messages[0]), ['cmd=technical%3A2330', 'cmd=watch%3Aadd%3A2330', 'cmd=alert%3A2330', 'cmd=menu%3Aquote']);
  });

  it('offers removal on a watched quote', async () => {
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF, watched: true }]);
    assert.deepEqual(postbackData(messages[0]), ['cmd=technical%3A2330', 'cmd=watch%3Aremove%3A2330', 'cmd=alert%3A2330', 'cmd=menu%3Aquote']);
    const labels = (messages[0]?.quickReply?.items ?? []).map((item) => item.action?.label);
    assert.equal(labels[1], '移除自選股');
  });

  it('explains an unavailable source', async () => {
    const logger = recordingLogger();
    const market = stubMarket(new MarketDataError('unavailable', 'MIS timed out'));
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], market, logger);
    assert.equal(textOf(messages[0]), QUOTE_UNAVAILABLE_TEXT);
    assert.equal(QUOTE_UNAVAILABLE_TEXT, '資料來源暫時無法連線，請稍後再試。');
    assert.deepEqual(postbackData(messages[0]), ['cmd=menu%3Aquote']);
    assert.equal(logger.calls.length, 1);
  });

  it('names the stock when not found', async () => {
    const logger = recordingLogger();
    const market = stubMarket(new MarketDataError('notFound', 'no quote for 2330'));
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], market, logger);
    assert.equal(textOf(messages[0]), '查無「台積電 2330」的報價資料。');
    assert.equal(logger.calls.length, 0);
  });

  it('apologises and warns on malformed data', async () => {
    const logger = recordingLogger();
    const error = new MarketDataError('malformed', 'field z is not a number');
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], stubMarket(error), logger);
    assert.equal(textOf(messages[0]), QUOTE_FAILED_TEXT);
    assert.equal(logger.calls.length, 1);
    assert.equal((logger.calls[0]?.context as { err?: unknown }).err, error);
  });

  it('apologises and warns on other errors', async () => {
    const logger = recordingLogger();
    const market = stubMarket(new TypeError('quote parser crashed'));
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], market, logger);
    assert.equal(textOf(messages[0]), QUOTE_FAILED_TEXT);
    assert.equal(logger.calls.length, 1);
  });

  it('covers every error code', async () => {
    const codes: MarketDataErrorCode[] = ['unavailable', 'notFound', 'malformed'];
    for (const code of codes) {
      const messages = await render([{ type: 'showQuote', stock: TSMC_REF }], stubMarket(new MarketDataError(code, code)));
      assert.equal(messages.length, 1, code);
      assert.equal(messages[0]?.type, 'text', code);
    }
  });

  it('keeps intent order', async () => {
    const messages = await render([say('查詢結果如下：'), { type: 'showQuote', stock: TSMC_REF }, say('資料僅供參考。')]);
    assert.deepEqual(
      messages.map((message) => message.type),
      ['text', 'flex', 'text'],
    );
    assert.equal(textOf(messages[0]), '查詢結果如下：');
    assert.equal(textOf(messages[2]), '資料僅供參考。');
  });

  it('moves quick replies to the last message', async () => {
    const messages = await render([{ type: 'showQuote', stock: TSMC_REF }, say('資料僅供參考，投資請自行判斷。')]);
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.quickReply, undefined);
    assert.deepEqual(postbackData(messages[1]), ['cmd=technical%3A2330', 'cmd=watch%3Aadd%3A2330', 'cmd=alert%3A2330', 'cmd=menu%3Aquote']);
  });

  it('keeps only the last quick reply', async () => {
    const messages = await render([
      { type: 'say', text: '第一則', shortcuts: [{ label: '查報價', command: 'menu:quote' }] },
      { type: 'ask', dialogue: 'alert', step: 'direction', text: '要設定哪一種提醒？', choices: [{ label: '漲到', value: 'above' }] },
      say('第三則'),
    ]);
    assert.equal(messages.length, 3);
    assert.equal(messages[0]?.quickReply, undefined);
    assert.equal(messages[1]?.quickReply, undefined);
    assert.deepEqual(postbackData(messages[2]), ['d=alert&s=direction&v=above']);
  });

  it('does not mutate messages across renders', async () => {
    const intents: Intent[] = [{ type: 'showQuote', stock: TSMC_REF }, say('附註')];
    const first = await render(intents);
    const second = await render([{ type: 'showQuote', stock: TSMC_REF }]);
    assert.equal(first[0]?.quickReply, undefined);
    assert.ok(second[0]?.quickReply);
  });

  it('leaves five messages unmerged', async () => {
    const messages = await render(['一', '二', '三', '四', '五'].map(say));
    assert.deepEqual(messages.map(textOf), ['一', '二', '三', '四', '五']);
  });

  it('merges 7 says into one message', async () => {
    const messages = await render(['一', '二', '三', '四', '五', '六', '七'].map(say));
    assert.ok(messages.length <= 5);
    assert.deepEqual(messages.map(textOf), ['一\n\n二\n\n三\n\n四\n\n五\n\n六\n\n七']);
  });

  it('merges says around other messages', async () => {
    const intents: Intent[] = [
      say('一'),
      say('二'),
      { type: 'showQuote', stock: TSMC_REF },
      say('三'),
      say('四'),
      { type: 'showQuote', stock: { code: '2317', name: '鴻海', market: 'TWSE' } },
      say('五'),
    ];
    const messages = await render(intents);
    assert.deepEqual(
      messages.map((message) => message.type),
      ['text', 'flex', 'text', 'flex', 'text'],
    );
    assert.equal(textOf(messages[0]), '一\n\n二');
    assert.equal(textOf(messages[2]), '三\n\n四');
    assert.deepEqual(postbackData(messages[4]), ['cmd=technical%3A2317', 'cmd=watch%3Aadd%3A2317', 'cmd=alert%3A2317', 'cmd=menu%3Aquote']);
  });

  it('does not merge past the text limit', async () => {
    const long = '股'.repeat(3000);
    const messages = await render([say(long), say(long), say(long), say(long), say(long), say(long)]);
    assert.equal(messages.length, 5);
    assert.equal(textOf(messages[4]), MESSAGES_OMITTED_TEXT);
    assert.ok(messages.every((message) => message.type === 'text' && message.text.length <= 5000));
  });

  it('cuts to 4 messages and a note', async () => {
    const intents: Intent[] = Array.from({ length: 7 }, () => ({ type: 'showQuote', stock: TSMC_REF }));
    const messages = await render(intents);
    assert.equal(messages.length, 5);
    assert.ok(messages.slice(0, 4).every((message) => message.type === 'flex'));
    assert.equal(textOf(messages[4]), '（訊息過多，已省略部分內容）');
    assert.ok(messages.slice(0, 4).every((message) => message.quickReply === undefined));
    assert.deepEqual(postbackData(messages[4]), ['cmd=technical%3A2330', 'cmd=watch%3Aadd%3A2330', 'cmd=alert%3A2330', 'cmd=menu%3Aquote']);
  });

  it('drops empty say text with a warning', async () => {
    const logger = recordingLogger();
    const messages = await render([say('  '), say('有內容')], stubMarket(), logger);
    assert.deepEqual(messages.map(textOf), ['有內容']);
    assert.equal(logger.calls.length, 1);
  });

  it('works without a logger', async () => {
    const market = stubMarket(new MarketDataError('malformed', 'bad'));
    const messages = await renderIntents([{ type: 'showQuote', stock: TSMC_REF }], { market, now: CLOSE_TIME });
    assert.equal(textOf(messages[0]), QUOTE_FAILED_TEXT);
  });
});

describe('renderIntents news', () => {
  // An empty directory: the recorded provider finds no feed and returns no items.
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'gulema-render-news-'));

  after(() => {
    rmSync(emptyDir, { recursive: true, force: true });
  });

  /** A provider that is not recorded and has no headlines, as a live source can be. */
  const noLiveNews: NewsProvider = {
    async forStock() {
      return [];
    },
    async forMarket() {
      return [];
    },
  };

  it('no live news suggests trying later', async () => {
    const messages = await renderIntents([{ type: 'showNews', stock: TSMC_REF }], { market: stubMarket(), news: noLiveNews, now: CLOSE_TIME });
    assert.equal(textOf(messages[0]), NO_NEWS_TEXT);
    assert.match(NO_NEWS_TEXT, /請稍後再試/);
  });

  it('no recorded news omits trying later', async () => {
    const news = createRecordedNews(emptyDir);
    for (const stock of [TSMC_REF, null]) {
      const messages = await renderIntents([{ type: 'showNews', stock }], { market: stubMarket(), news, now: CLOSE_TIME });
      assert.equal(textOf(messages[0]), '目前沒有找到相關新聞。', stock?.code ?? 'market');
    }
  });
});
