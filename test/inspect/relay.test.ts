import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { messagesOf } from '../../src/inspect/hook.ts';
import { createInspectRelay, type InspectRelay } from '../../src/inspect/relay.ts';
import { IDLE, step, type ConversationEvent } from '../../src/conversation/step.ts';
import { createLogger } from '../../src/logger.ts';

const CHAT = 'Uffeeddccbbaa99887766554433221100';
const START: ConversationEvent = { type: 'text', text: '即時查詢', stock: { kind: 'notFound' } };

function stepMessages() {
  const after = step(IDLE, START, 0, false).state;
  return messagesOf({ chatId: CHAT, before: IDLE, event: START, after }, 0);
}

async function connect(relay: InspectRelay, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; received: unknown[] }> {
  const socket = new WebSocket(`ws://127.0.0.1:${relay.port}`, { headers });
  const received: unknown[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await once(socket, 'open');
  return { socket, received };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for relayed messages');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('inspector relay', () => {
  let relay: InspectRelay;

  before(async () => {
    relay = await createInspectRelay({ port: 0, logger: createLogger('silent'), inspectorUrl: 'https://inspector.invalid/inspect' });
  });

  after(async () => {
    await relay.close();
  });

  it('listens on 127.0.0.1 only', async () => {
    assert.equal(relay.address, '127.0.0.1');
    assert.equal(relay.url, `http://127.0.0.1:${relay.port}/`);

    // 127.0.0.2 is loopback too; a server bound to every interface would accept it.
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      const socket = net.connect(relay.port, '127.0.0.2');
      socket.once('connect', () => {
        socket.destroy();
        resolve(null);
      });
      socket.once('error', resolve);
    });
    assert.equal(error?.code, 'ECONNREFUSED');
  });

  it('client receives step messages', async () => {
    const { socket, received } = await connect(relay);
    relay.broadcast(stepMessages());
    await until(() => received.length >= 3);
    socket.close();

    const types = received.map((message) => (message as { type: string }).type);
    assert.deepEqual(types.slice(-3), ['@xstate.actor', '@xstate.event', '@xstate.snapshot']);
    assert.equal((received.at(-1) as { sessionId: string }).sessionId, 'Uffee…1100/quote');
    assert.doesNotMatch(JSON.stringify(received), /ddccbbaa9988776655443322/);
  });

  it('late client gets earlier messages', async () => {
    relay.broadcast(stepMessages());
    const { socket, received } = await connect(relay);
    await until(() => received.length >= 3);
    socket.close();

    assert.equal((received[0] as { type: string }).type, '@xstate.actor');
  });

  it('page origin may connect', async () => {
    const { socket } = await connect(relay, { origin: `http://localhost:${relay.port}` });
    socket.close();
  });

  it('foreign origin is rejected', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${relay.port}`, { headers: { origin: 'https://example.invalid' } });
    // terminate() before the handshake completes emits this error; it is the expected outcome here.
    socket.on('error', () => undefined);
    const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }];

    assert.equal(response.statusCode, 401);
    socket.terminate();
  });

  it('serves the bridge page', async () => {
    const response = await fetch(relay.url);
    const page = await response.text();

    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(page, /const inspectorUrl = "https:\/\/inspector\.invalid\/inspect";/);
    assert.match(page, /@statelyai\.connected/);
    assert.equal((await fetch(`${relay.url}other`)).status, 404);
  });
});
