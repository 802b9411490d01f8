import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { encodeChoice } from '../../src/conversation/postback.ts';
import { followEvent, postbackEvent, textEvent } from '../../src/line/webhook-events.ts';
import type { SentRecord } from '../../src/line/fake-api.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'line-webhook-samples');

function sampleDir(): string {
  for (const candidate of [SAMPLES, '/work/shared/line-webhook-samples']) {
    try {
      readFileSync(path.join(candidate, 'SOURCES.md'));
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('line-webhook-samples not found beside the checkout');
}

let userCounter = 0;
function newUser(): string {
  userCounter += 1;
  return `U${(Date.now().toString(16) + userCounter.toString(16).padStart(4, '0')).padStart(32, 'a')}`;
}

function textsOf(record: SentRecord): string[] {
  return record.messages.map((message) => {
    if (message.type === 'text') return (message as messagingApi.TextMessage).text;
    if (message.type === 'flex') return `[flex] ${(message as messagingApi.FlexMessage).altText}`;
    return `[${message.type}]`;
  });
}

async function settle(harness: Harness): Promise<void> {
  await harness.gulema.deliverer.idle();
}

describe('webhook', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });

  after(async () => {
    await harness.stop();
  });

  it('rejects a missing signature with 401 and stores nothing', async () => {
    const user = newUser();
    const response = await harness.post(JSON.stringify({ destination: 'x', events: [textEvent({ userId: user, text: '2330' })] }), null);

    assert.equal(response.status, 401);
    const rows = await harness.database.pool.query('SELECT 1 FROM chats WHERE chat_id = $1', [user]);
    assert.equal(rows.rowCount, 0);
  });

  it('rejects a bad signature with 401', async () => {
    const user = newUser();
    const response = await harness.send([textEvent({ userId: user, text: '2330' })], { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });

    assert.equal(response.status, 401);
    const rows = await harness.database.pool.query('SELECT 1 FROM processed_events WHERE chat_id = $1', [user]);
    assert.equal(rows.rowCount, 0);
  });

  it('answers malformed JSON with a valid signature with 400', async () => {
    const response = await harness.post('{"events": [');

    assert.equal(response.status, 400);
  });

  it('answers a body without events with 400', async () => {
    const response = await harness.post('{"destination": "U0"}');

    assert.equal(response.status, 400);
  });

  it('answers an empty events array with 200', async () => {
    const response = await harness.post(JSON.stringify({ destination: 'U0', events: [] }));

    assert.equal(response.status, 200);
  });

  it('rejects an oversized body with 413', async () => {
    const response = await harness.post(`{"events": [], "padding": "${'x'.repeat(1024 * 1024 + 10)}"}`);

    assert.equal(response.status, 413);
  });

  it('runs 即時查詢 then 2330 to a Flex quote card of 台積電', async () => {
    const user = newUser();

    const first = await harness.send([textEvent({ userId: user, text: '即時查詢' })]);
    assert.equal(first.status, 200);
    const prompt = await harness.line.api.waitFor((record) => record.to === user);
    assert.equal(prompt.kind, 'reply');
    assert.match(textsOf(prompt)[0]!, /請輸入股票代號或名稱/);
    const promptMessage = prompt.messages[0] as messagingApi.TextMessage | undefined;
    assert.ok((promptMessage?.quickReply?.items?.length ?? 0) > 0, 'the prompt offers popular stocks');

    const second = await harness.send([textEvent({ userId: user, text: '2330' })]);
    assert.equal(second.status, 200);
    const card = await harness.line.api.waitFor((record) => record.to === user && record.seq > prompt.seq);
    const flex = card.messages[0] as messagingApi.FlexMessage;

    assert.equal(card.kind, 'reply');
    assert.equal(flex.type, 'flex');
    assert.match(flex.altText, /台積電/);
    assert.match(flex.altText, /2330/);
    assert.match(flex.altText, /2465 ▲25 \(\+1\.02%\) 收盤資料（非即時）/, 'the recorded close of 2026-07-08, newer than the MIS quote of 2023-12-29');
    assert.match(JSON.stringify(flex.contents), /上市/);
    assert.match(JSON.stringify(flex.contents), /2026\/07\/08 13:30/);
    assert.match(JSON.stringify(flex.contents), /臺灣證券交易所 每日收盤行情（錄製資料）/);
  });

  it('shows a quote for a code typed outside any dialogue', async () => {
    const user = newUser();

    await harness.send([textEvent({ userId: user, text: '２３１７' })]);
    const card = await harness.line.api.waitFor((record) => record.to === user);

    assert.match(textsOf(card)[0]!, /鴻海/);
  });

  it('sends nothing for a redelivered event already handled', async () => {
    const user = newUser();
    const event = textEvent({ userId: user, text: '2330' });

    await harness.send([event]);
    await harness.line.api.waitFor((record) => record.to === user);
    await settle(harness);

    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };
    const response = await harness.send([redelivered]);
    await settle(harness);

    assert.equal(response.status, 200);
    assert.equal(harness.line.api.sentTo(user).length, 1);
  });

  it('keeps the dialogue and rejects a stale button', async () => {
    const user = newUser();

    await harness.send([textEvent({ userId: user, text: '即時查詢' })]);
    await harness.line.api.waitFor((record) => record.to === user);

    const stale = postbackEvent({ userId: user, data: encodeChoice('quote', 'chooseStock', '2330') });
    await harness.send([stale]);
    const hint = await harness.line.api.waitFor((record) => record.to === user && textsOf(record).some((text) => text.includes('過期')));
    assert.ok(hint);

    const state = await harness.database.pool.query<{ machine_id: string; snapshot: { value: string } }>('SELECT machine_id, snapshot FROM chats WHERE chat_id = $1', [user]);
    assert.equal(state.rows[0]?.machine_id, 'quote');
    assert.equal(state.rows[0]?.snapshot.value, 'askStock');
  });

  it('accepts a quick-reply choice of the current step', async () => {
    const user = newUser();

    await harness.send([textEvent({ userId: user, text: '即時查詢' })]);
    await harness.line.api.waitFor((record) => record.to === user);
    await harness.send([postbackEvent({ userId: user, data: encodeChoice('quote', 'askStock', '2454') })]);
    const card = await harness.line.api.waitFor((record) => record.to === user && record.messages[0]?.type === 'flex');

    assert.match(textsOf(card)[0]!, /聯發科/);
  });

  it('greets a new follower', async () => {
    const user = newUser();

    await harness.send([followEvent({ userId: user })]);
    const greeting = await harness.line.api.waitFor((record) => record.to === user);

    assert.match(textsOf(greeting)[0]!, /歡迎使用/);
  });

  it('stays silent on group chatter and answers a stock code there', async () => {
    const user = newUser();
    const groupId = `C${'1'.repeat(31)}${userCounter % 10}`;

    await harness.send([textEvent({ userId: user, groupId, text: '今天天氣真好' })]);
    await settle(harness);
    assert.equal(harness.line.api.sentTo(groupId).length, 0);

    await harness.send([textEvent({ userId: user, groupId, text: '2330' })]);
    const card = await harness.line.api.waitFor((record) => record.to === groupId);
    assert.equal(card.messages[0]?.type, 'flex');
  });

  it('retries after LINE answers 500 and delivers once', async () => {
    const user = newUser();
    harness.line.api.failNext(1, { status: 500 });

    await harness.send([textEvent({ userId: user, text: '2330' })]);
    await settle(harness);

    const sent = harness.line.api.sentTo(user);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.messages[0]?.type, 'flex');
  });

  it('pushes with a retry key when the reply token is rejected', async () => {
    const user = newUser();
    const event = textEvent({ userId: user, text: '2330' });
    harness.line.api.expireReplyToken(event.replyToken);

    await harness.send([event]);
    const pushed = await harness.line.api.waitFor((record) => record.to === user);

    assert.equal(pushed.kind, 'push');
    assert.match(pushed.retryKey ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers every real sample body with 200', async () => {
    const dir = sampleDir();
    for (const file of ['python-v3-all-event-types.json', 'java-text-user.json', 'java-sticker.json', 'java-text-group.json', 'java-webhook-redelivery.json', 'java-message-edited.json', 'java-follow.json', 'java-unfollow.json', 'java-postback.json', 'java-location.json', 'java-image.json', 'java-join.json', 'java-leave.json']) {
      const body = readFileSync(path.join(dir, file));
      const response = await harness.post(body);
      assert.equal(response.status, 200, file);
    }
    await settle(harness);
  });

  it('answers a sticker in a 1:1 chat politely', async () => {
    const body = readFileSync(path.join(sampleDir(), 'java-sticker.json'), 'utf8').replace(/"replyToken"\s*:\s*"[^"]*"/, '"replyToken": "stickerreplytoken0001"');
    const parsed = JSON.parse(body) as { events: { source: { userId: string } }[] };
    const chatId = parsed.events[0]!.source.userId;
    harness.line.api.registerReplyToken('stickerreplytoken0001', chatId);

    await harness.post(body);
    const reply = await harness.line.api.waitFor((record) => record.replyToken === 'stickerreplytoken0001');

    assert.match(textsOf(reply)[0]!, /只看得懂文字/);
  });
});
