import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { validateSignature } from '@line/bot-sdk';
import type { webhook } from '@line/bot-sdk';
import { createFakeLineApi } from '../../src/line/fake-api.ts';
import type { FakeLineApi } from '../../src/line/fake-api.ts';
import {
  LOCAL_BOT_USER_ID,
  ServerUnreachableError,
  fetchInbox,
  sendFollowEvent,
  sendPostbackEvent,
  sendTextEvent,
} from '../../src/cli/webhook-client.ts';
import { parseChatOptions, defaultUserId } from '../../src/cli/chat-options.ts';
import { LOCAL_CHANNEL_SECRET } from '../../src/line/local-secret.ts';

const SECRET = 'stub-secret';
const USER_ID = `U${'c'.repeat(32)}`;

type Received = { validSignature: boolean; body: webhook.CallbackRequest; registeredBefore: boolean };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('webhook client against a stub server', () => {
  let server: Server;
  let url: string;
  let api: FakeLineApi;
  let received: Received[];
  let callbackStatus: number;
  const registeredTokens = new Set<string>();

  before(async () => {
    api = createFakeLineApi();
    const app = express();

    app.post('/fake-line/__fake/reply-tokens', express.json(), (req, res) => {
      registeredTokens.add((req.body as { replyToken: string }).replyToken);
      res.status(204).end();
    });
    app.use('/fake-line', api.router);

    app.post('/callback', express.raw({ type: 'application/json' }), (req, res) => {
      const raw = req.body as Buffer;
      const body = JSON.parse(raw.toString('utf8')) as webhook.CallbackRequest;
      const replyToken = (body.events[0] as { replyToken?: string } | undefined)?.replyToken;
      received.push({
        validSignature: validateSignature(raw, SECRET, req.get('x-line-signature') ?? ''),
        body,
        registeredBefore: replyToken !== undefined && registeredTokens.has(replyToken),
      });
      res.status(callbackStatus).send(callbackStatus === 200 ? 'OK' : 'stub failure');
    });

    server = createServer(app);
    url = await listen(server);
  });

  after(async () => {
    api.dispose();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
    callbackStatus = 200;
  });

  it('sends a signed text event', async () => {
    const result = await sendTextEvent({ url, channelSecret: SECRET, userId: USER_ID, text: '2330' });

    assert.equal(result.status, 200);
    const [request] = received;
    assert.equal(request?.validSignature, true);
    assert.equal(request?.body.destination, LOCAL_BOT_USER_ID);
    const event = request?.body.events[0] as webhook.MessageEvent;
    assert.equal(event.type, 'message');
    assert.deepEqual(event.source, { type: 'user', userId: USER_ID });
    assert.equal(event.message.type === 'text' ? event.message.text : undefined, '2330');
  });

  it('registers the reply token before posting', async () => {
    await sendTextEvent({ url, channelSecret: SECRET, userId: USER_ID, text: 'hi' });

    assert.equal(received[0]?.registeredBefore, true);
  });

  it('signs with the given secret only', async () => {
    await sendTextEvent({ url, channelSecret: 'another-secret', userId: USER_ID, text: 'hi' });

    assert.equal(received[0]?.validSignature, false);
  });

  it('sends a postback event', async () => {
    await sendPostbackEvent({ url, channelSecret: SECRET, userId: USER_ID, data: 'cmd=quote:2330' });

    const event = received[0]?.body.events[0] as webhook.PostbackEvent;
    assert.equal(received[0]?.validSignature, true);
    assert.deepEqual(event.postback, { data: 'cmd=quote:2330' });
  });

  it('sends a follow event', async () => {
    await sendFollowEvent({ url, channelSecret: SECRET, userId: USER_ID });

    assert.equal(received[0]?.body.events[0]?.type, 'follow');
  });

  it('returns a non-2xx callback status', async () => {
    callbackStatus = 500;

    const result = await sendTextEvent({ url, channelSecret: SECRET, userId: USER_ID, text: 'hi' });

    assert.equal(result.status, 500);
    assert.equal(result.body, 'stub failure');
  });

  it('reads the inbox of the fake API', async () => {
    api.registerReplyToken('t1', USER_ID);
    const first = await fetchInbox({ url, channelSecret: SECRET }, { to: USER_ID, after: 0, waitMs: 0 });

    const reply = await fetch(`${url}/fake-line/v2/bot/message/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken: 't1', messages: [{ type: 'text', text: '收到' }] }),
    });
    assert.equal(reply.status, 200);

    const page = await fetchInbox({ url, channelSecret: SECRET }, { to: USER_ID, after: first.lastSeq, waitMs: 1000 });
    assert.equal(page.items.length, 1);
    assert.deepEqual(page.items[0]?.messages, [{ type: 'text', text: '收到' }]);
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    const closedUrl = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));

    await assert.rejects(
      sendTextEvent({ url: closedUrl, channelSecret: SECRET, userId: USER_ID, text: 'hi' }),
      (error: unknown) => error instanceof ServerUnreachableError && /ECONNREFUSED/.test(error.message),
    );
  });
});

describe('parseChatOptions', () => {
  it('uses local defaults', () => {
    const options = parseChatOptions([], {}, 'alice');

    assert.equal(options.url, 'http://127.0.0.1:3000');
    assert.equal(options.userId, defaultUserId('alice'));
    assert.match(options.userId, /^U[0-9a-f]{32}$/);
    assert.equal(options.channelSecret, LOCAL_CHANNEL_SECRET);
    assert.equal(options.follow, true);
  });

  it('reads PORT and LINE_CHANNEL_SECRET', () => {
    const options = parseChatOptions([], { PORT: '4000', LINE_CHANNEL_SECRET: 'real' }, 'alice');

    assert.equal(options.url, 'http://127.0.0.1:4000');
    assert.equal(options.channelSecret, 'real');
  });

  it('reads flags', () => {
    const options = parseChatOptions(['--url', 'http://127.0.0.1:5000/', '--user', USER_ID, '--no-follow'], {}, 'alice');

    assert.equal(options.url, 'http://127.0.0.1:5000');
    assert.equal(options.userId, USER_ID);
    assert.equal(options.follow, false);
  });

  it('rejects a malformed user id', () => {
    assert.throws(() => parseChatOptions(['--user', 'U123'], {}, 'alice'), /--user "U123" is invalid/);
  });

  it('rejects an unknown flag', () => {
    assert.throws(() => parseChatOptions(['--colour'], {}, 'alice'), { name: 'UsageError' });
  });

  it('gives different users different ids', () => {
    assert.notEqual(defaultUserId('alice'), defaultUserId('bob'));
  });
});
