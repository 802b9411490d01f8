import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { createFakeLineApi, startFakeLineServer } from '../../src/line/fake-api.ts';
import type { FakeLineServer } from '../../src/line/fake-api.ts';

const TOKEN = 'test-channel-access-token';
const USER_ID = `U${'1'.repeat(32)}`;
const GROUP_ID = `C${'2'.repeat(32)}`;

const text = (value: string): messagingApi.TextMessage => ({ type: 'text', text: value });

async function expectHttpError(promise: Promise<unknown>, status: number): Promise<HTTPFetchError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HTTPFetchError, `expected HTTPFetchError, got ${String(error)}`);
    assert.equal(error.status, status, `body: ${error.body}`);
    return error;
  }
  assert.fail(`expected HTTP ${status}, but the request succeeded`);
}

function quickReplyItems(count: number, label = '台積電 2330'): messagingApi.QuickReplyItem[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'action',
    action: { type: 'postback', label, data: `cmd=quote:${index}` },
  }));
}

describe('fake LINE API through @line/bot-sdk', () => {
  let server: FakeLineServer;
  let client: messagingApi.MessagingApiClient;

  before(async () => {
    server = await startFakeLineServer({ channelAccessToken: TOKEN });
    client = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: server.baseUrl });
  });

  after(async () => {
    await server.close();
  });

  afterEach(() => {
    server.api.clear();
  });

  it('records a reply under the registered chat', async () => {
    server.api.registerReplyToken('reply-ok', USER_ID);

    const response = await client.replyMessage({ replyToken: 'reply-ok', messages: [text('你好')] });

    assert.equal(response.sentMessages.length, 1);
    const [sent] = server.api.sentTo(USER_ID);
    assert.equal(sent?.kind, 'reply');
    assert.equal(sent?.replyToken, 'reply-ok');
    assert.deepEqual(sent?.messages, [text('你好')]);
  });

  it('records a reply with an unknown token as to null', async () => {
    await client.replyMessage({ replyToken: 'never-registered', messages: [text('hi')] });

    assert.equal(server.api.sent()[0]?.to, null);
  });

  it('sends x-line-request-id on every response', async () => {
    const { httpResponse } = await client.replyMessageWithHttpInfo({ replyToken: 'with-id', messages: [text('hi')] });
    assert.match(httpResponse.headers.get('x-line-request-id') ?? '', /^[0-9a-f-]{36}$/);

    const error = await expectHttpError(client.replyMessage({ replyToken: 'with-id', messages: [text('hi')] }), 400);
    assert.ok(error.headers.get('x-line-request-id'));
  });

  it('rejects a reused reply token', async () => {
    await client.replyMessage({ replyToken: 'once', messages: [text('first')] });

    const error = await expectHttpError(client.replyMessage({ replyToken: 'once', messages: [text('second')] }), 400);

    assert.deepEqual(JSON.parse(error.body), { message: 'Invalid reply token' });
    assert.equal(server.api.sent().length, 1);
  });

  it('rejects an expired reply token', async () => {
    server.api.expireReplyToken('stale');

    const error = await expectHttpError(client.replyMessage({ replyToken: 'stale', messages: [text('late')] }), 400);

    assert.deepEqual(JSON.parse(error.body), { message: 'Invalid reply token' });
    assert.equal(server.api.sent().length, 0);
  });

  it('keeps a reply token usable after an invalid request', async () => {
    await expectHttpError(client.replyMessage({ replyToken: 'retry-me', messages: [] }), 400);

    await client.replyMessage({ replyToken: 'retry-me', messages: [text('ok')] });
    assert.equal(server.api.sent().length, 1);
  });

  it('rejects a retry key on reply', async () => {
    const response = await fetch(`${server.baseUrl}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'x-line-retry-key': randomUUID() },
      body: JSON.stringify({ replyToken: 'keyed', messages: [text('x')] }),
    });

    assert.equal(response.status, 400);
  });

  it('answers a repeated retry key with 409', async () => {
    const retryKey = randomUUID();
    const { httpResponse: first } = await client.pushMessageWithHttpInfo({ to: USER_ID, messages: [text('once')] }, retryKey);
    const firstRequestId = first.headers.get('x-line-request-id');

    const error = await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('once')] }, retryKey), 409);

    assert.equal(error.headers.get('x-line-accepted-request-id'), firstRequestId);
    const body = JSON.parse(error.body) as { message: string; sentMessages: unknown[] };
    assert.equal(body.message, 'The retry key is already accepted');
    assert.equal(body.sentMessages.length, 1);
    assert.equal(server.api.sentTo(USER_ID).length, 1);
    assert.equal(server.api.sentTo(USER_ID)[0]?.retryKey, retryKey);
  });

  it('rejects a retry key that is not a UUID', async () => {
    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('x')] }, 'not-a-uuid'), 400);

    assert.equal(server.api.sent().length, 0);
  });

  it('rejects a push to a malformed chat id', async () => {
    await expectHttpError(client.pushMessage({ to: 'U123', messages: [text('x')] }), 400);
  });

  it('fails injected 500s then succeeds', async () => {
    server.api.failNext(2, { status: 500 });

    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }), 500);
    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }), 500);
    assert.equal(server.api.sent().length, 0);

    await client.pushMessage({ to: USER_ID, messages: [text('a')] });
    assert.equal(server.api.sent().length, 1);
  });

  it('accepts a retry key again after an injected 500', async () => {
    const retryKey = randomUUID();
    server.api.failNext(1, { status: 500 });

    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }, retryKey), 500);
    await client.pushMessage({ to: USER_ID, messages: [text('a')] }, retryKey);

    assert.equal(server.api.sent().length, 1);
  });

  it('records a delivered fault and answers its retry with 409', async () => {
    const retryKey = randomUUID();
    server.api.failNext(1, { status: 500, deliver: true });

    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }, retryKey), 500);
    await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }, retryKey), 409);

    assert.equal(server.api.sent().length, 1);
  });

  it('fails an injected 429 with a LINE message', async () => {
    server.api.failNext(1, { status: 429 });

    const error = await expectHttpError(client.replyMessage({ replyToken: 'rate-limited', messages: [text('a')] }), 429);

    assert.match((JSON.parse(error.body) as { message: string }).message, /rate limit/);
    assert.equal(server.api.sent().length, 0);
    await client.replyMessage({ replyToken: 'rate-limited', messages: [text('a')] });
  });

  it('uses an injected body and delay', async () => {
    server.api.failNext(1, { status: 429, body: { message: 'You have reached your monthly limit.' }, delayMs: 100 });
    const started = Date.now();

    const error = await expectHttpError(client.pushMessage({ to: USER_ID, messages: [text('a')] }), 429);

    assert.ok(Date.now() - started >= 90);
    assert.deepEqual(JSON.parse(error.body), { message: 'You have reached your monthly limit.' });
  });

  it('holds a response after hang', async () => {
    server.api.hang(150);
    const started = Date.now();

    await client.pushMessage({ to: USER_ID, messages: [text('slow')] });

    assert.ok(Date.now() - started >= 140);
    const next = Date.now();
    await client.pushMessage({ to: USER_ID, messages: [text('fast')] });
    assert.ok(Date.now() - next < 140);
  });

  it('records a loading animation for a user', async () => {
    const response = await client.showLoadingAnimationWithHttpInfo({ chatId: USER_ID, loadingSeconds: 10 });

    assert.equal(response.httpResponse.status, 202);
    const [sent] = server.api.sent();
    assert.equal(sent?.kind, 'loading');
    assert.equal(sent?.loadingSeconds, 10);
  });

  it('rejects a loading animation for a group', async () => {
    await expectHttpError(client.showLoadingAnimation({ chatId: GROUP_ID, loadingSeconds: 10 }), 400);

    assert.equal(server.api.sent().length, 0);
  });

  it('rejects loading seconds outside 5 to 60 steps', async () => {
    await expectHttpError(client.showLoadingAnimation({ chatId: USER_ID, loadingSeconds: 61 }), 400);
    await expectHttpError(client.showLoadingAnimation({ chatId: USER_ID, loadingSeconds: 7 }), 400);
  });

  const invalidCases: Array<{ name: string; messages: messagingApi.Message[]; property: string }> = [
    { name: 'six messages', messages: Array.from({ length: 6 }, () => text('x')), property: 'messages' },
    { name: 'zero messages', messages: [], property: 'messages' },
    { name: 'text over 5000 units', messages: [text('😀'.repeat(2501))], property: 'messages[0].text' },
    {
      name: 'fourteen quick replies',
      messages: [{ ...text('pick'), quickReply: { items: quickReplyItems(14) } }],
      property: 'messages[0].quickReply.items',
    },
    {
      name: '21-character label',
      messages: [{ ...text('pick'), quickReply: { items: quickReplyItems(1, '一'.repeat(21)) } }],
      property: 'messages[0].quickReply.items[0].action.label',
    },
    {
      name: '301-character postback data',
      messages: [{
        ...text('pick'),
        quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'go', data: 'x'.repeat(301) } }] },
      }],
      property: 'messages[0].quickReply.items[0].action.data',
    },
    {
      name: '401-character altText',
      messages: [{ type: 'flex', altText: 'a'.repeat(401), contents: { type: 'bubble' } }],
      property: 'messages[0].altText',
    },
    {
      name: 'carousel of 13 bubbles',
      messages: [{
        type: 'flex',
        altText: 'cards',
        contents: { type: 'carousel', contents: Array.from({ length: 13 }, () => ({ type: 'bubble' as const })) },
      }],
      property: 'messages[0].contents.contents',
    },
    {
      name: 'bubble over 30 KB',
      messages: [{
        type: 'flex',
        altText: 'big',
        contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'x'.repeat(31 * 1024) }] } },
      }],
      property: 'messages[0].contents',
    },
    {
      name: 'http image URL',
      messages: [{ type: 'image', originalContentUrl: 'http://127.0.0.1/a.png', previewImageUrl: 'https://example.invalid/a.png' }],
      property: 'messages[0].originalContentUrl',
    },
  ];

  for (const testCase of invalidCases) {
    it(`rejects ${testCase.name}`, async () => {
      const error = await expectHttpError(client.pushMessage({ to: USER_ID, messages: testCase.messages }), 400);

      const body = JSON.parse(error.body) as { message: string; details: Array<{ property: string }> };
      assert.match(body.message, /error\(s\)/);
      assert.ok(
        body.details.some((detail) => detail.property === testCase.property),
        `details were ${JSON.stringify(body.details)}`,
      );
      assert.equal(server.api.sent().length, 0);
    });
  }

  it('accepts exactly the limits', async () => {
    const messages: messagingApi.Message[] = [
      text('x'.repeat(5000)),
      text('a'),
      text('b'),
      text('c'),
      { ...text('pick'), quickReply: { items: quickReplyItems(13, '一'.repeat(20)) } },
    ];

    await client.pushMessage({ to: USER_ID, messages });

    assert.equal(server.api.sent()[0]?.messages.length, 5);
  });

  it('validates without sending', async () => {
    await client.validatePush({ messages: [text('ok')] });
    await expectHttpError(client.validateReply({ messages: [text('')] }), 400);

    assert.equal(server.api.sent().length, 0);
  });

  it('rejects a wrong access token', async () => {
    const stranger = new messagingApi.MessagingApiClient({ channelAccessToken: 'wrong', baseURL: server.baseUrl });

    await expectHttpError(stranger.pushMessage({ to: USER_ID, messages: [text('x')] }), 401);
  });

  it('rejects a missing access token', async () => {
    const response = await fetch(`${server.baseUrl}/v2/bot/message/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: USER_ID, messages: [text('x')] }),
    });

    assert.equal(response.status, 401);
  });

  it('rejects malformed JSON with details', async () => {
    const response = await fetch(`${server.baseUrl}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"to": ',
    });

    assert.equal(response.status, 400);
    const body = (await response.json()) as { message: string; details: unknown[] };
    assert.equal(typeof body.message, 'string');
    assert.ok(body.details.length > 0);
    assert.ok(response.headers.get('x-line-request-id'));
  });

  it('resolves waitFor on a later send', async () => {
    const waiting = server.api.waitFor((record) => record.kind === 'push' && record.to === USER_ID, 2000);

    await client.pushMessage({ to: USER_ID, messages: [text('later')] });

    assert.deepEqual((await waiting).messages, [text('later')]);
  });

  it('rejects waitFor after its timeout', async () => {
    await assert.rejects(server.api.waitFor(() => false, 50), /no sent record matched within 50 ms/);
  });

  it('long-polls the inbox until a push arrives', async () => {
    const { lastSeq } = (await (await fetch(`${server.baseUrl}/__fake/messages?to=${USER_ID}&after=0`)).json()) as { lastSeq: number };
    const started = Date.now();
    const polling = fetch(`${server.baseUrl}/__fake/messages?to=${USER_ID}&after=${lastSeq}&waitMs=5000`);

    setTimeout(() => {
      void client.pushMessage({ to: USER_ID, messages: [text('推播')] });
    }, 100);

    const body = (await (await polling).json()) as { items: Array<{ seq: number; messages: unknown[] }> };
    assert.equal(body.items.length, 1);
    assert.ok(body.items[0]!.seq > lastSeq);
    assert.deepEqual(body.items[0]!.messages, [text('推播')]);
    assert.ok(Date.now() - started < 4000);
  });

  it('filters the inbox by chat id', async () => {
    await client.pushMessage({ to: GROUP_ID, messages: [text('group')] });

    const response = await fetch(`${server.baseUrl}/__fake/messages?to=${USER_ID}&after=0&waitMs=50`);
    const body = (await response.json()) as { items: unknown[] };

    assert.deepEqual(body.items, []);
  });

  it('registers reply tokens over HTTP', async () => {
    const response = await fetch(`${server.baseUrl}/__fake/reply-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken: 'from-cli', chatId: USER_ID }),
    });
    assert.equal(response.status, 204);

    await client.replyMessage({ replyToken: 'from-cli', messages: [text('hi')] });
    assert.equal(server.api.sentTo(USER_ID).length, 1);
  });
});

describe('fake LINE API options', () => {
  it('accepts loopback image URLs when allowed', async () => {
    const server = await startFakeLineServer({ allowInsecureImageUrls: true });
    const client = new messagingApi.MessagingApiClient({ channelAccessToken: 'any', baseURL: server.baseUrl });

    try {
      await client.pushMessage({
        to: USER_ID,
        messages: [{ type: 'image', originalContentUrl: 'http://127.0.0.1:3000/chart.png', previewImageUrl: 'http://localhost:3000/p.png' }],
      });
      await expectHttpError(client.pushMessage({
        to: USER_ID,
        messages: [{ type: 'image', originalContentUrl: 'http://example.invalid/chart.png', previewImageUrl: 'https://example.invalid/p.png' }],
      }), 400);
    } finally {
      await server.close();
    }
  });

  it('ends a pending long poll on close', async () => {
    const server = await startFakeLineServer();
    const polling = fetch(`${server.baseUrl}/__fake/messages?waitMs=20000`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = Date.now();
    await server.close();
    await polling;

    assert.ok(Date.now() - started < 1000);
  });

  // @line/bot-sdk 11.2.0 builds URLs with new URL('/v2/bot/...', baseURL), so
  // a path in baseURL is dropped; this pins that down for local mode's mount.
  it('serves the SDK when mounted at both / and a prefix', async () => {
    const api = createFakeLineApi();
    const app = express();
    app.use('/fake-line', api.router);
    app.use(api.router);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    try {
      const client = new messagingApi.MessagingApiClient({ channelAccessToken: 'any', baseURL: `${origin}/fake-line` });
      await client.pushMessage({ to: USER_ID, messages: [text('via prefix config')] });

      const inbox = await fetch(`${origin}/fake-line/__fake/messages?to=${USER_ID}`);
      const body = (await inbox.json()) as { items: unknown[] };
      assert.equal(body.items.length, 1);
    } finally {
      api.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
