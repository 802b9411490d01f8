import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { followEvent, textEvent, unfollowEvent } from '../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../support/harness.ts';

describe('follow and unfollow', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });

  after(async () => {
    await harness.stop();
  });

  async function chat(user: string) {
    const result = await harness.database.pool.query<{ followed: boolean; machine_id: string | null; unfollowed_at: Date | null; preferences: object }>(
      'SELECT followed, machine_id, unfollowed_at, preferences FROM chats WHERE chat_id = $1',
      [user],
    );
    return result.rows[0]!;
  }

  it('unfollow ends the dialogue and marks the chat', async () => {
    const user = `U${'e'.repeat(31)}1`;
    await harness.send([textEvent({ userId: user, text: '即時查詢' })]);
    await harness.line.api.waitFor((record) => record.to === user);

    await harness.send([unfollowEvent({ userId: user })]);
    const row = await chat(user);

    assert.equal(row.followed, false);
    assert.equal(row.machine_id, null);
    assert.ok(row.unfollowed_at instanceof Date);
  });

  it('no push reaches a chat that unfollowed', async () => {
    const user = `U${'e'.repeat(31)}2`;
    await harness.send([followEvent({ userId: user })]);
    await harness.line.api.waitFor((record) => record.to === user);
    await harness.send([unfollowEvent({ userId: user })]);

    // A late answer, as a chart job would queue it, with no usable reply token.
    await harness.database.pool.query(
      `INSERT INTO outbox (chat_id, chat_type, intents, retry_key, received_at) VALUES ($1, 'user', $2, $3, now() - interval '5 minutes')`,
      [user, JSON.stringify([{ type: 'say', text: '晚到的訊息' }]), randomUUID()],
    );
    await harness.gulema.deliverer.sweep();

    assert.equal(harness.line.api.sentTo(user).filter((record) => record.kind === 'push').length, 0);
    const status = await harness.database.pool.query<{ status: string; sent_via: string }>("SELECT status, sent_via FROM outbox WHERE chat_id = $1 AND intents::text LIKE '%晚到%'", [user]);
    assert.deepEqual(status.rows[0], { status: 'sent', sent_via: 'none' });
  });

  it('following again starts fresh', async () => {
    const user = `U${'e'.repeat(31)}3`;
    await harness.database.pool.query(`INSERT INTO chats (chat_id, chat_type, followed, unfollowed_at, preferences) VALUES ($1, 'user', false, now(), '{"lastCharts": {"technical": {"kind": "technical"}}}')`, [user]);

    await harness.send([followEvent({ userId: user })]);
    const greeting = await harness.line.api.waitFor((record) => record.to === user);
    const row = await chat(user);

    assert.equal(greeting.kind, 'reply');
    assert.equal(row.followed, true);
    assert.equal(row.unfollowed_at, null);
    assert.deepEqual(row.preferences, {});
  });
});
