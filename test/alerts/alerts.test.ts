import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { encodeChoice, encodeCommand } from '../../src/conversation/postback.ts';
import { createDeliverer } from '../../src/delivery/outbox.ts';
import { createAlertChecker } from '../../src/jobs/alerts.ts';
import { createDigestSender } from '../../src/jobs/digest.ts';
import { createLogger } from '../../src/logger.ts';
import { postbackEvent, textEvent, unfollowEvent } from '../../src/line/webhook-events.ts';
import type { SentRecord } from '../../src/line/fake-api.ts';
import { createRecordedMarketData } from '../../src/market/recorded.ts';
import type { MarketData } from '../../src/market/types.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { startHarness, type Harness } from '../support/harness.ts';

/** Wednesday 2026-12-02 10:00 in Asia/Taipei: a trading day, market open. */
const OPEN = Date.UTC(2026, 11, 2, 2, 0);
/** Saturday 2026-12-05 10:00 in Asia/Taipei. */
const WEEKEND = Date.UTC(2026, 11, 5, 2, 0);
/** Christmas 2026, a TWSE holiday, 10:00 in Asia/Taipei. */
const HOLIDAY = Date.UTC(2026, 11, 25, 2, 0);
/** Wednesday 2026-12-02 14:05, after the close. */
const AFTER_CLOSE = Date.UTC(2026, 11, 2, 6, 5);

let counter = 0;
function newUser(): string {
  counter += 1;
  return `U${'a1'.repeat(13)}${counter.toString(16).padStart(6, '0')}`;
}

function texts(record: SentRecord): string {
  return record.messages.map((message) => (message.type === 'text' ? (message as messagingApi.TextMessage).text : `[${message.type}]`)).join('\n');
}

/** The recorded market, with 2330's price moved to `price` as of `at`. */
function movedMarket(price: number, at: number): MarketData {
  const recorded = createRecordedMarketData(marketDataDir());
  return {
    ...recorded,
    async getQuote(code) {
      const quote = await recorded.getQuote(code);
      return code === '2330' ? { ...quote, price, time: at, realtime: true, change: price - (quote.previousClose ?? price) } : quote;
    },
  };
}

describe('到價提醒 and 自選股', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });

  after(async () => {
    await harness.stop();
  });

  async function say(user: string, event: Parameters<Harness['send']>[0][number]): Promise<SentRecord> {
    const seen = harness.line.api.sentTo(user).length;
    await harness.send([event]);
    return harness.line.api.waitFor((record) => record.to === user && harness.line.api.sentTo(user).length > seen);
  }

  async function setAlert(user: string, value: string): Promise<string[]> {
    const replies: string[] = [];
    for (const event of [
      textEvent({ userId: user, text: '到價提醒' }),
      textEvent({ userId: user, text: '2330' }),
      postbackEvent({ userId: user, data: encodeChoice('alert', 'askCondition', 'above') }),
      textEvent({ userId: user, text: value }),
    ]) {
      replies.push(texts(await say(user, event)));
    }
    return replies;
  }

  function checker(price: number, at: number) {
    return createAlertChecker({ pool: harness.database.pool, market: movedMarket(price, at), deliverer: harness.gulema.deliverer, logger: createLogger('silent') });
  }

  it('validation re-prompts and keeps the step', async () => {
    const user = newUser();
    const replies = await setAlert(user, 'abc');
    assert.match(replies.at(-1)!, /「abc」不是數字/);

    for (const [input, reason] of [['-5', /請輸入大於 0 的價格/], ['0', /請輸入大於 0 的價格/], ['1e9', /不是數字/], ['2502', /跳動單位/], ['2400', /目前價格約 2465，已經在 2400 以上了/]] as const) {
      assert.match(texts(await say(user, textEvent({ userId: user, text: input }))), reason);
    }
    const confirm = texts(await say(user, textEvent({ userId: user, text: '２５００' })));
    assert.match(confirm, /確認設定到價提醒：台積電 2330 漲破 2500 元/);
  });

  it('an alert set by dialogue fires once at the first crossing', async () => {
    const user = newUser();
    await setAlert(user, '2500');
    const saved = texts(await say(user, postbackEvent({ userId: user, data: encodeChoice('alert', 'confirm', 'ok') })));
    assert.match(saved, /已設定到價提醒：台積電 2330 漲破 2500 元/);

    assert.equal((await checker(2495, OPEN)(OPEN)).triggered, 0, 'below the target');
    const first = await checker(2505, OPEN + 60_000)(OPEN + 60_000);
    const again = await checker(2510, OPEN + 120_000)(OPEN + 120_000);

    const pushes = harness.line.api.sentTo(user).filter((record) => record.kind === 'push');
    assert.equal(first.triggered, 1);
    assert.equal(again.triggered, 0);
    assert.equal(pushes.length, 1);
    assert.match(texts(pushes[0]!), /🔔 到價提醒：台積電 2330 漲破 2500 元\n目前價格 2505（/);
    assert.match(pushes[0]!.retryKey ?? '', /^[0-9a-f-]{36}$/);
  });

  it('two workers racing fire an alert once', async () => {
    const user = newUser();
    await setAlert(user, '2500');
    await say(user, postbackEvent({ userId: user, data: encodeChoice('alert', 'confirm', 'ok') }));

    const results = await Promise.all([checker(2510, OPEN)(OPEN), checker(2510, OPEN)(OPEN)]);
    await harness.gulema.deliverer.idle();

    assert.equal(results[0].triggered + results[1].triggered, 1);
    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 1);
  });

  it('weekends and holidays fire nothing', async () => {
    const user = newUser();
    await setAlert(user, '2500');
    await say(user, postbackEvent({ userId: user, data: encodeChoice('alert', 'confirm', 'ok') }));

    assert.equal((await checker(2600, WEEKEND)(WEEKEND)).skipped, 'market closed');
    assert.equal((await checker(2600, HOLIDAY)(HOLIDAY)).skipped, 'market closed');
    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 0);
    await harness.database.pool.query("UPDATE alerts SET status = 'deleted' WHERE chat_id = $1", [user]);
  });

  it('crash after the transition still delivers exactly one push', async () => {
    const user = newUser();
    await setAlert(user, '2500');
    await say(user, postbackEvent({ userId: user, data: encodeChoice('alert', 'confirm', 'ok') }));

    // The worker commits the transition and dies before sending.
    const dead = createDeliverer({ pool: harness.database.pool, line: { reply: async () => {}, push: async () => 'sent', showLoading: async () => {} } as never, render: async () => { throw new Error('killed'); }, logger: createLogger('silent') });
    const dying = createAlertChecker({ pool: harness.database.pool, market: movedMarket(2520, OPEN), deliverer: { ...dead, deliver: async () => 'pending' } as never, logger: createLogger('silent') });
    assert.equal((await dying(OPEN)).triggered, 1);
    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 0);

    await harness.gulema.deliverer.sweep();
    await harness.gulema.deliverer.sweep();
    assert.equal((await checker(2530, OPEN)(OPEN)).triggered, 0);
    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 1);
  });

  it('unfollow disables alerts and the digest', async () => {
    const user = newUser();
    await setAlert(user, '2500');
    await say(user, postbackEvent({ userId: user, data: encodeChoice('alert', 'confirm', 'ok') }));
    await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:add:2330') }));
    await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:digest:on') }));
    await harness.send([unfollowEvent({ userId: user })]);

    await checker(2550, OPEN)(OPEN);
    await createDigestSender({ pool: harness.database.pool, deliverer: harness.gulema.deliverer, logger: createLogger('silent') })(AFTER_CLOSE);
    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 0);
  });

  it('watchlist adds, lists, removes and sends the digest once a day', async () => {
    const user = newUser();
    assert.match(texts(await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:add:2330') }))), /已將台積電 2330 加入自選股（共 1 檔）/);
    assert.match(texts(await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:add:2330') }))), /已經在自選股裡/);
    assert.match(texts(await say(user, postbackEvent({ userId: user, data: encodeCommand('menu:watchAdd') }))), /要把哪一檔股票加入自選股/);
    assert.match(texts(await say(user, textEvent({ userId: user, text: '2317' }))), /已將鴻海 2317 加入自選股（共 2 檔）/);

    const list = await say(user, textEvent({ userId: user, text: '自選股' }));
    const card = list.messages[0] as messagingApi.FlexMessage;
    assert.equal(card.type, 'flex');
    assert.match(card.altText, /我的自選股：台積電 2465、鴻海 237\.5/);

    assert.match(texts(await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:remove:2317') }))), /已將鴻海 2317 從自選股移除/);
    await say(user, postbackEvent({ userId: user, data: encodeCommand('watch:digest:on') }));

    const send = createDigestSender({ pool: harness.database.pool, deliverer: harness.gulema.deliverer, logger: createLogger('silent') });
    await send(AFTER_CLOSE);
    await send(AFTER_CLOSE);
    await send(Date.UTC(2026, 11, 5, 6, 5));

    const digests = harness.line.api.sentTo(user).filter((record) => record.kind === 'push');
    assert.equal(digests.length, 1, 'once on the trading day, none on Saturday');
    assert.match((digests[0]!.messages[0] as messagingApi.FlexMessage).altText, /每日收盤摘要（2026-12-02）：台積電 2465/);
  });

  it('watchlist caps at 30 stocks', async () => {
    const user = newUser();
    const codes = ['2330', '2317', '2454', '0050', '00878', '2303', '2412', '2882', '2881', '1301', '1303', '2002', '2308', '2891', '2886', '3711', '2884', '1216', '2892', '5880', '2885', '2357', '3008', '2207', '2880', '4938', '2382', '2379', '6505', '2912', '2301'];
    let last = '';
    for (const code of codes) {
      last = texts(await say(user, postbackEvent({ userId: user, data: encodeCommand(`watch:add:${code}`) })));
    }
    assert.match(last, /自選股最多 30 檔/);
  });
});
