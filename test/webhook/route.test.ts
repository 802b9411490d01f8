import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createApp } from '../../src/app.ts';
import type { Runtime } from '../../src/conversation/runtime.ts';
import type { Deliverer } from '../../src/delivery/outbox.ts';
import { signBody } from '../../src/line/sign.ts';
import { textEvent, webhookBody } from '../../src/line/webhook-events.ts';
import { createLogger } from '../../src/logger.ts';
import type { InboundEvent } from '../../src/webhook/normalize.ts';

const SECRET = 'route-test-secret';
const USER_A = `U${'a'.repeat(32)}`;
const USER_B = `U${'b'.repeat(32)}`;

describe('webhook route failures', () => {
  let server: Server;
  let url: string;
  let databaseUp = true;
  const applied: InboundEvent[] = [];
  let failure: 'bug' | 'outage' = 'bug';

  const runtime: Runtime = {
    async apply(event) {
      if (event.text === 'boom') {
        throw failure === 'bug' ? new TypeError('cannot read properties of undefined') : Object.assign(new Error('connection terminated'), { code: '57P01' });
      }
      applied.push(event);
      return { status: 'applied', outboxId: null, leased: null };
    },
  };
  const deliverer = { deliverSoon() {}, async idle() {} } as unknown as Deliverer;
  const pool = {
    async query() {
      if (!databaseUp) throw new Error('connect ECONNREFUSED');
      return { rows: [] };
    },
  } as unknown as pg.Pool;

  before(async () => {
    const app = createApp({ pool, runtime, deliverer, logger: createLogger('silent'), channelSecret: SECRET });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  after(() => {
    server.close();
  });

  async function post(texts: [string, string][]): Promise<Response> {
    const events = texts.map(([userId, text], index) => textEvent({ userId, text, timestamp: 1_700_000_000_000 + index }));
    const body = JSON.stringify(webhookBody(events, USER_A));
    return fetch(`${url}/callback`, { method: 'POST', headers: { 'x-line-signature': signBody(body, SECRET) }, body });
  }

  it('a failing event still answers 200 and spares the others', async () => {
    applied.length = 0;
    failure = 'bug';
    const response = await post([[USER_A, 'boom'], [USER_A, 'after'], [USER_B, 'other']]);

    assert.equal(response.status, 200);
    assert.deepEqual(applied.map((event) => event.text).sort(), ['after', 'other']);
  });

  it('a database outage asks LINE to redeliver', async () => {
    applied.length = 0;
    failure = 'outage';
    const response = await post([[USER_A, 'boom'], [USER_A, 'after'], [USER_B, 'other']]);

    assert.equal(response.status, 503);
    assert.deepEqual(applied.map((event) => event.text), ['other'], 'later events of the failed chat wait for redelivery so they keep their order');
  });

  it('applies one chat’s events oldest first', async () => {
    applied.length = 0;
    const events = [textEvent({ userId: USER_A, text: 'second', timestamp: 20 }), textEvent({ userId: USER_A, text: 'first', timestamp: 10 })];
    const body = JSON.stringify(webhookBody(events, USER_A));
    await fetch(`${url}/callback`, { method: 'POST', headers: { 'x-line-signature': signBody(body, SECRET) }, body });

    assert.deepEqual(applied.map((event) => event.text), ['first', 'second']);
  });

  it('health check answers 200 while the database answers', async () => {
    databaseUp = true;
    const response = await fetch(`${url}/healthz`);

    assert.equal(response.status, 200);
  });

  it('health check answers 503 when the database is down', async () => {
    databaseUp = false;
    const response = await fetch(`${url}/healthz`);
    databaseUp = true;

    assert.equal(response.status, 503);
  });
});
