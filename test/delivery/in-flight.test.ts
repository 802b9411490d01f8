import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDeliverer } from '../../src/delivery/outbox.ts';
import type { LineClient } from '../../src/line/client.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { insertLeased } from '../support/outbox-rows.ts';

describe('in-flight delivery limit', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database.drop();
  });

  it('hands rows past the limit to the sweeper', async () => {
    const replies: string[] = [];
    let releaseLine!: () => void;
    const lineAnswers = new Promise<void>((resolve) => {
      releaseLine = resolve;
    });
    const line = {
      async reply(token: string) {
        await lineAnswers;
        replies.push(token);
      },
      push: async () => 'sent',
      showLoading: async () => {},
    } as unknown as LineClient;
    const deliverer = createDeliverer({ pool: database.pool, line, logger: createLogger('silent'), render: async () => [{ type: 'text', text: '你好' }], maxInFlight: 2 });

    const rows = [await insertLeased(database, 'Ua'), await insertLeased(database, 'Ub'), await insertLeased(database, 'Uc')];
    rows.forEach((row) => deliverer.deliverSoon(row));

    // The release is a query of its own; wait until it has landed.
    let third = { lease_until: new Date(), reply_started_at: new Date() as Date | null };
    for (let attempt = 0; attempt < 50 && third.reply_started_at !== null; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const result = await database.pool.query('SELECT lease_until, reply_started_at FROM outbox WHERE id = $1', [rows[2]!.id]);
      third = result.rows[0];
    }
    assert.equal(third.lease_until, null, 'the third row is free for the sweeper');
    assert.equal(third.reply_started_at, null, 'the third row counts as never replied to');

    releaseLine();
    await deliverer.idle();
    assert.deepEqual(replies.sort(), ['token-Ua', 'token-Ub']);

    assert.equal(await deliverer.sweep(), 1);
    assert.deepEqual(replies.sort(), ['token-Ua', 'token-Ub', 'token-Uc']);
    const statuses = await database.pool.query<{ status: string }>('SELECT status FROM outbox ORDER BY id');
    assert.deepEqual(statuses.rows.map((row) => row.status), ['sent', 'sent', 'sent']);
  });
});
