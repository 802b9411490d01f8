import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { StockLookup } from '../../machines/events.ts';
import { messagesOf, startInspectorFromEnv } from '../../src/inspect/hook.ts';
import { IDLE, step, type ConversationEvent } from '../../src/conversation/step.ts';
import { createLogger } from '../../src/logger.ts';

const CHAT = 'U00112233445566778899aabbccddeeff';
const FOUND: StockLookup = { kind: 'found', stock: { code: '2330', name: '台積電', market: 'TWSE' }, exact: true };
const NONE: StockLookup = { kind: 'notFound' };
const T0 = Date.UTC(2026, 0, 5, 2, 0);

function text(value: string, stock: StockLookup = NONE): ConversationEvent {
  return { type: 'text', text: value, stock };
}

async function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('inspector start-up', () => {
  it('starts nothing without XSTATE_INSPECT', async () => {
    const port = await freePort();
    const inspector = await startInspectorFromEnv({ XSTATE_INSPECT_PORT: String(port) }, createLogger('silent'));

    assert.equal(inspector, null);
    assert.equal(await refused(port), true);
  });

  it('starts the relay with XSTATE_INSPECT=1', async () => {
    const port = await freePort();
    const inspector = await startInspectorFromEnv({ XSTATE_INSPECT: '1', XSTATE_INSPECT_PORT: String(port) }, createLogger('silent'));

    assert.notEqual(inspector, null);
    assert.equal(await refused(port), false);
    await inspector!.close();
    assert.equal(await refused(port), true);
  });

  it('rejects an invalid port', async () => {
    await assert.rejects(startInspectorFromEnv({ XSTATE_INSPECT: '1', XSTATE_INSPECT_PORT: 'eighty' }, createLogger('silent')), /XSTATE_INSPECT_PORT must be a port number/);
  });
});

describe('inspector step messages', () => {
  it('started dialogue announces an actor', () => {
    const event = text('即時查詢');
    const after = step(IDLE, event, T0, false).state;
    const messages = messagesOf({ chatId: CHAT, before: IDLE, event, after }, T0);

    assert.deepEqual(messages.map((message) => message.type), ['@xstate.actor', '@xstate.event', '@xstate.snapshot']);
    assert.equal(messages[0]!.sessionId, 'U0011…eeff/quote');
    assert.equal(messages[0]!.type === '@xstate.actor' && messages[0]!.name, 'quote');
    assert.equal(messages[0]!.type === '@xstate.actor' && JSON.parse(messages[0]!.definition).id, 'quote');
    assert.equal((messages[2] as { snapshot: { value: string } }).snapshot.value, 'askStock');
    assert.equal(messages[2]!.createdAt, String(T0));
  });

  it('moving dialogue sends event and snapshot', () => {
    const before = step(IDLE, text('即時查詢'), T0, false).state;
    const event = text('台', { kind: 'ambiguous', candidates: [{ code: '2330', name: '台積電', market: 'TWSE' }, { code: '2303', name: '聯電', market: 'TWSE' }] });
    const after = step(before, event, T0 + 1000, false).state;
    const messages = messagesOf({ chatId: CHAT, before, event, after }, T0);

    assert.deepEqual(messages.map((message) => message.type), ['@xstate.event', '@xstate.snapshot']);
    assert.deepEqual((messages[0] as { event: unknown }).event, event);
    assert.equal((messages[1] as { snapshot: { value: string } }).snapshot.value, 'chooseStock');
  });

  it('finished dialogue shows its final state', () => {
    const before = step(IDLE, text('即時查詢'), T0, false).state;
    const event = text('2330', FOUND);
    const after = step(before, event, T0 + 1000, false).state;
    const snapshot = (messagesOf({ chatId: CHAT, before, event, after }, T0)[1] as { snapshot: { value: string; status: string } }).snapshot;

    assert.equal(after.machineId, null);
    assert.equal(snapshot.value, 'done');
    assert.equal(snapshot.status, 'done');
  });

  it('cancelled dialogue shows cancelled', () => {
    const before = step(IDLE, text('技術分析'), T0, false).state;
    const event = text('取消');
    const after = step(before, event, T0 + 1000, false).state;
    const snapshot = (messagesOf({ chatId: CHAT, before, event, after }, T0)[1] as { snapshot: { value: string } }).snapshot;

    assert.equal(snapshot.value, 'cancelled');
  });

  it('replaced dialogue stops, new one starts', () => {
    const before = step(IDLE, text('即時查詢'), T0, false).state;
    const event = text('技術分析');
    const after = step(before, event, T0 + 1000, false).state;
    const messages = messagesOf({ chatId: CHAT, before, event, after }, T0);

    assert.deepEqual(messages.map((message) => `${message.type} ${message.sessionId}`), [
      '@xstate.event U0011…eeff/quote',
      '@xstate.snapshot U0011…eeff/quote',
      '@xstate.actor U0011…eeff/technical',
      '@xstate.event U0011…eeff/technical',
      '@xstate.snapshot U0011…eeff/technical',
    ]);
    assert.equal((messages[1] as { snapshot: { status: string; value: string } }).snapshot.status, 'stopped');
    assert.equal((messages[1] as { snapshot: { status: string; value: string } }).snapshot.value, 'askStock');
  });

  it('idle chat produces no messages', () => {
    const event = text('2330', FOUND);
    const after = step(IDLE, event, T0, false).state;

    assert.deepEqual(messagesOf({ chatId: CHAT, before: IDLE, event, after }, T0), []);
  });

  it('masks ids in events and contexts', () => {
    const event = text(`我的 id 是 ${CHAT}`);
    const before = step(IDLE, text('意見回饋'), T0, false).state;
    const after = step(before, event, T0 + 1000, false).state;
    const serialized = JSON.stringify(messagesOf({ chatId: CHAT, before, event, after }, T0));

    assert.match(JSON.stringify(after.snapshot), /00112233445566778899aabbccddeeff/, 'the context holds the id');
    assert.doesNotMatch(serialized, /2233445566778899aabbccdd/);
    assert.match(serialized, /我的 id 是 U0011…eeff/);
  });
});
