import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLineClient, LineApiError } from '../../src/line/client.ts';
import { createLineTransport, LineHttpError, LineNetworkError } from '../../src/line/transport.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: Received, response: ServerResponse) => void;

describe('LINE transport', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[];
  let handlers: Handler[];
  let connections: number;
  const sockets = new Set<Socket>();

  const ok: Handler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };

  before(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) {
        chunks.push(chunk as Buffer);
      }
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      (handlers.shift() ?? ok)(entry, response);
    });
    server.on('connection', (socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = [];
    handlers = [];
    connections = 0;
    for (const socket of sockets) {
      socket.destroy();
    }
  });

  after(async () => {
    for (const socket of sockets) {
      socket.destroy();
    }
    server.close();
    await once(server, 'close');
  });

  it('posts JSON with the token', async () => {
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 2000 });
    await transport.postJson('/v2/bot/message/push', { to: 'U1', messages: [{ type: 'text', text: '台積電' }] }, { 'x-line-retry-key': 'key-1' });
    transport.close();

    assert.equal(received.length, 1);
    assert.equal(received[0]!.method, 'POST');
    assert.equal(received[0]!.url, '/v2/bot/message/push');
    assert.equal(received[0]!.headers.authorization, 'Bearer token-1');
    assert.equal(received[0]!.headers['content-type'], 'application/json');
    assert.equal(received[0]!.headers['x-line-retry-key'], 'key-1');
    assert.deepEqual(JSON.parse(received[0]!.body), { to: 'U1', messages: [{ type: 'text', text: '台積電' }] });
  });

  it('keeps one connection for calls in turn', async () => {
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 2000 });
    for (let i = 0; i < 5; i += 1) {
      await transport.postJson('/v2/bot/message/reply', { replyToken: `r${i}`, messages: [] });
    }
    transport.close();

    assert.equal(received.length, 5);
    assert.equal(connections, 1);
  });

  it('rejects a non-2xx answer with its details', async () => {
    handlers.push((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json', 'x-line-request-id': 'req-9' }).end('{"message":"Invalid reply token"}');
    });
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 2000 });
    const error = await transport.postJson('/v2/bot/message/reply', { replyToken: 'r', messages: [] }).then(() => null, (failure: unknown) => failure);
    transport.close();

    assert.ok(error instanceof LineHttpError);
    assert.equal(error.status, 400);
    assert.equal(error.requestId, 'req-9');
    assert.equal(error.body, '{"message":"Invalid reply token"}');
  });

  it('times out a hung call and frees its socket', async () => {
    handlers.push(() => {});
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 200 });
    const startedAt = Date.now();
    const error = await transport.postJson('/v2/bot/message/reply', { replyToken: 'r', messages: [] }).then(() => null, (failure: unknown) => failure);
    const elapsed = Date.now() - startedAt;

    assert.ok(error instanceof Error);
    assert.match(error.message, /timed out after 200 ms/);
    assert.ok(elapsed < 1500, `rejected after ${elapsed} ms`);
    await waitFor(() => sockets.size === 0, 'the hung socket to close');

    await transport.postJson('/v2/bot/message/reply', { replyToken: 'r2', messages: [] });
    transport.close();
    assert.equal(connections, 2, 'the next call opened a new connection');
  });

  it('marks a sent request that timed out', async () => {
    handlers.push(() => {});
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 200 });
    const error = await transport.postJson('/v2/bot/message/reply', { replyToken: 'r', messages: [] }).then(() => null, (failure: unknown) => failure);
    transport.close();

    assert.ok(error instanceof LineNetworkError);
    assert.equal(error.code, 'ETIMEDOUT');
    assert.equal(error.requestSent, true);
  });

  it('marks a queued request as not sent', async () => {
    handlers.push(() => {});
    const transport = createLineTransport({ baseUrl, channelAccessToken: 'token-1', timeoutMs: 300, maxSockets: 1 });
    const settle = (promise: Promise<void>) => promise.then(() => null, (failure: unknown) => failure);
    const [first, second] = await Promise.all([
      settle(transport.postJson('/v2/bot/message/reply', { replyToken: 'r1', messages: [] })),
      settle(transport.postJson('/v2/bot/message/reply', { replyToken: 'r2', messages: [] })),
    ]);
    transport.close();

    assert.ok(first instanceof LineNetworkError);
    assert.equal(first.requestSent, true, 'the first request reached the hung server');
    assert.ok(second instanceof LineNetworkError);
    assert.equal(second.requestSent, false, 'the second request waited for the only socket');
    assert.equal(received.length, 1);
  });

  it('marks a refused connection as not sent', async () => {
    const transport = createLineTransport({ baseUrl: await closedPortUrl(), channelAccessToken: 'token-1', timeoutMs: 2000 });
    const error = await transport.postJson('/v2/bot/message/reply', { replyToken: 'r', messages: [] }).then(() => null, (failure: unknown) => failure);
    transport.close();

    assert.ok(error instanceof LineNetworkError);
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.requestSent, false);
  });

  it('client keeps an unsent reply unambiguous', async () => {
    const client = createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: await closedPortUrl(), attempts: 2, backoffMs: 1 });
    const error = await client.reply('r', [{ type: 'text', text: '你好' }]).then(() => null, (failure: unknown) => failure);
    client.close();

    assert.ok(error instanceof LineApiError);
    assert.equal(error.retryable, true);
    assert.equal(error.ambiguous, false, 'LINE never received the reply, so the caller may push it');
  });

  it('speaks TLS to an https base URL', async () => {
    const transport = createLineTransport({ baseUrl: baseUrl.replace('http:', 'https:'), channelAccessToken: 'token-1', timeoutMs: 2000 });
    const error = await transport.postJson('/v2/bot/message/reply', { replyToken: 'r', messages: [] }).then(() => null, (failure: unknown) => failure);
    transport.close();

    // This server speaks plain HTTP, so a TLS handshake fails before any request reaches it.
    assert.ok(error instanceof Error);
    assert.match(String((error as NodeJS.ErrnoException).code), /^ERR_SSL_|^EPROTO$/);
    assert.equal(received.length, 0);
  });

  it('client retries 429 and 500', async () => {
    handlers.push((_request, response) => response.writeHead(429).end('{"message":"rate limit"}'));
    handlers.push((_request, response) => response.writeHead(500).end('{}'));
    const client = createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: baseUrl, backoffMs: 1 });
    await client.reply('r', [{ type: 'text', text: '你好' }]);
    client.close();

    assert.equal(received.length, 3);
    assert.ok(received.every((request) => request.url === '/v2/bot/message/reply'));
  });

  it('client keeps a 400 as not retryable', async () => {
    handlers.push((_request, response) => response.writeHead(400, { 'x-line-request-id': 'req-4' }).end('{"message":"The request body has 1 error(s)"}'));
    const client = createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: baseUrl, backoffMs: 1 });
    const error = await client.reply('r', [{ type: 'text', text: '你好' }]).then(() => null, (failure: unknown) => failure);
    client.close();

    assert.ok(error instanceof LineApiError);
    assert.equal(error.status, 400);
    assert.equal(error.requestId, 'req-4');
    assert.equal(error.retryable, false);
    assert.equal(received.length, 1);
  });

  it('client marks a reply after a timeout as ambiguous', async () => {
    handlers.push(() => {});
    handlers.push((_request, response) => response.writeHead(400).end('{"message":"Invalid reply token"}'));
    const client = createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: baseUrl, timeoutMs: 200, backoffMs: 1 });
    const error = await client.reply('r', [{ type: 'text', text: '你好' }]).then(() => null, (failure: unknown) => failure);
    client.close();

    assert.ok(error instanceof LineApiError);
    assert.equal(error.invalidReplyToken, true);
    assert.equal(error.ambiguous, true, 'the timed-out attempt may have used the token');
  });

  it('client counts a 409 push as accepted', async () => {
    handlers.push((_request, response) => response.writeHead(409).end('{"message":"The retry key is already accepted"}'));
    const client = createLineClient({ channelAccessToken: 'token-1', apiBaseUrl: baseUrl, backoffMs: 1 });
    const outcome = await client.push('U1', [{ type: 'text', text: '你好' }], 'key-2');
    client.close();

    assert.equal(outcome, 'alreadyAccepted');
    assert.equal(received[0]!.headers['x-line-retry-key'], 'key-2');
  });
});

/** Returns the URL of a loopback port that was just closed, so connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
