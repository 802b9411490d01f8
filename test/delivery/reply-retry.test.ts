import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDeliverer } from '../../src/delivery/outbox.ts';
import { createLineClient } from '../../src/line/client.ts';
import { startFakeLineServer, type FakeLineServer } from '../../src/line/fake-api.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertLeased } from '../support/outbox-rows.ts';

const TOKEN = 'reply-retry-token';

describe('reply retried after a clean failure', () => {
  let database: TestDatabase;
  let line: FakeLineServer;

  before(async () => {
    database = await createTestDatabase();
    line = await startFakeLineServer({ channelAccessToken: TOKEN });
  });

  after(async () => {
    await line.close();
    await database.drop();
  });

  function deliverer() {
    const client = createLineClient({ channelAccessToken: TOKEN, apiBaseUrl: line.baseUrl, backoffMs: 1 });
    return createDeliverer({ pool: database.pool, line: client, logger: createLogger('silent'), render: async () => [{ type: 'text', text: '你好' }] });
  }

  async function replyStartedAt(id: string): Promise<Date | null> {
    const result = await database.pool.query<{ reply_started_at: Date | null }>('SELECT reply_started_at FROM outbox WHERE id = $1', [id]);
    return result.rows[0]!.reply_started_at;
  }

  async function expireLease(id: string): Promise<void> {
    await database.pool.query('UPDATE outbox SET lease_until = now() - interval \'1 second\' WHERE id = $1', [id]);
  }

  it('pushes when the token later turns invalid', async () => {
    const row = await insertLeased(database, `U${'a'.repeat(32)}`);
    const delivery = deliverer();

    // Every attempt of the first call is rate-limited, which LINE does not act on.
    line.api.failNext(3, { status: 429 });
    delivery.deliverSoon(row);
    await delivery.idle();
    assert.equal(await replyStartedAt(row.id), null, 'a rate-limited reply does not count as started');

    // By the sweeper's turn, LINE no longer accepts the token.
    line.api.expireReplyToken(row.reply_token!);
    await expireLease(row.id);
    assert.equal(await delivery.deliver(row.id), 'sent');

    const sent = line.api.sent().filter((record) => record.to === row.chat_id || record.replyToken === row.reply_token);
    assert.deepEqual(sent.map((record) => record.kind), ['push'], 'the message arrived once, by push');
  });

  it('keeps the mark after a possibly delivered reply', async () => {
    const row = await insertLeased(database, `U${'b'.repeat(32)}`);
    const delivery = deliverer();

    // A 500 after LINE delivered: the reply arrived, and the call failed.
    line.api.failNext(3, { status: 500, deliver: true });
    delivery.deliverSoon(row);
    await delivery.idle();
    assert.notEqual(await replyStartedAt(row.id), null, 'a reply that may have arrived stays marked as started');

    line.api.expireReplyToken(row.reply_token!);
    await expireLease(row.id);
    assert.equal(await delivery.deliver(row.id), 'sent');

    const pushes = line.api.sent().filter((record) => record.kind === 'push' && record.to === row.chat_id);
    assert.equal(pushes.length, 0, 'no push copies a reply that may have arrived');
  });
});
