import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { QUOTA_WARNING } from '../../src/delivery/push-quota.ts';
import { followEvent } from '../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../support/harness.ts';

describe('push quota', () => {
  let harness: Harness;
  const user = `U${'7'.repeat(31)}1`;

  before(async () => {
    harness = await startHarness({ env: { PUSH_MONTHLY_LIMIT: '2' } });
    await harness.send([followEvent({ userId: user })]);
    await harness.line.api.waitFor((record) => record.to === user);
  });

  after(async () => {
    await harness.stop();
  });

  /** Queues a late answer with no usable reply token, as a job or an alert would, and delivers it. */
  async function push(text: string): Promise<{ status: string; last_error: string | null }> {
    const row = await harness.database.pool.query<{ id: string }>(
      `INSERT INTO outbox (chat_id, chat_type, intents, retry_key, received_at) VALUES ($1, 'user', $2, $3, now() - interval '5 minutes') RETURNING id`,
      [user, JSON.stringify([{ type: 'say', text }]), randomUUID()],
    );
    await harness.gulema.deliverer.deliver(row.rows[0]!.id);
    const result = await harness.database.pool.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM outbox WHERE id = $1', [row.rows[0]!.id]);
    return result.rows[0]!;
  }

  function pushedTexts(): string[][] {
    return harness.line.api
      .sentTo(user)
      .filter((record) => record.kind === 'push')
      .map((record) => record.messages.map((message) => (message as messagingApi.TextMessage).text));
  }

  it('counts pushes, warns near the cap and stops at it', async () => {
    assert.equal((await push('第一則')).status, 'sent');
    assert.equal((await push('第二則')).status, 'sent');
    const third = await push('第三則');

    assert.deepEqual(third, { status: 'failed', last_error: 'push quota: limit' });
    assert.deepEqual(pushedTexts(), [['第一則'], ['第二則', QUOTA_WARNING]]);
    const usage = await harness.database.pool.query<{ sent: number }>('SELECT sent FROM push_usage');
    assert.equal(usage.rows[0]?.sent, 2);
  });

  it('LINE monthly-limit 429 pauses pushes until next month', async () => {
    await harness.database.pool.query('UPDATE push_usage SET sent = 0');
    harness.line.api.failNext(1, { status: 429, body: { message: 'You have reached your monthly limit.' } });

    const refused = await push('被拒絕');
    const after = await push('之後');
    const usage = await harness.database.pool.query<{ paused_until: Date | null }>('SELECT paused_until FROM push_usage');

    assert.equal(refused.status, 'failed');
    assert.deepEqual(after, { status: 'failed', last_error: 'push quota: paused' });
    assert.ok(usage.rows[0]!.paused_until! > new Date(), 'paused into the future');
    assert.equal(usage.rows[0]!.paused_until!.getUTCDate(), new Date(Date.UTC(2000, 0, 1) - 8 * 3600_000).getUTCDate(), 'the first moment of a month in Asia/Taipei is 16:00 UTC the day before');
  });
});
