import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventFor, messageRecords, newUserId, postEvents } from '../support/dialogue-traffic.ts';
import { startHarness, type Harness } from '../support/harness.ts';

/** The webhook must not wait on LINE, so its response time stays under this however LINE behaves. */
const WEBHOOK_LIMIT_MS = 2000;

/** A failed attempt releases its row for 5 s, and the worker sweeps every 5 s. */
const SWEEP_WAIT_MS = 20_000;

interface OutboxRow {
  status: string;
  attempts: number;
  sent_via: string | null;
}

describe('delivery under LINE API faults', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness({ roles: { web: true, worker: true } });
  });

  after(async () => {
    await harness.stop();
  });

  async function outboxOf(chatId: string): Promise<OutboxRow[]> {
    const rows = await harness.database.pool.query<OutboxRow>('SELECT status, attempts, sent_via FROM outbox WHERE chat_id = $1 ORDER BY id', [chatId]);
    return rows.rows;
  }

  async function waitUntilSettled(chatId: string, timeoutMs: number): Promise<OutboxRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await outboxOf(chatId);
      if (rows.length > 0 && rows.every((row) => row.status !== 'pending')) return rows;
      if (Date.now() > deadline) throw new Error(`outbox of ${chatId} still pending after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends 2330 as a new user and returns the user id and the webhook's round trip. */
  async function askQuote(): Promise<{ user: string; ms: number }> {
    const user = newUserId('f1');
    const outcome = await postEvents(harness.url, [eventFor(user, '2330')], harness.line.api);
    assert.equal(outcome.status, 200);
    return { user, ms: outcome.ms };
  }

  it('rate limit is retried within the call', async () => {
    harness.line.api.failNext(2, { status: 429, body: { message: 'Too Many Requests' } });
    const { user, ms } = await askQuote();
    const rows = await waitUntilSettled(user, SWEEP_WAIT_MS);
    // A late copy would come from the sweeper, which runs every 5 s.
    await new Promise((resolve) => setTimeout(resolve, 500));

    assert.ok(ms < WEBHOOK_LIMIT_MS, `webhook answered in ${Math.round(ms)} ms`);
    assert.deepEqual(rows, [{ status: 'sent', attempts: 1, sent_via: 'reply' }]);
    assert.deepEqual(messageRecords(harness.line.api, user).map((record) => record.kind), ['reply']);
  });

  it('slow 5xx answers are retried by the sweeper', async () => {
    // Three slow failures use up all attempts of the first delivery: about 4.5 s plus backoff.
    harness.line.api.failNext(3, { status: 500, delayMs: 1500 });
    const { user, ms } = await askQuote();
    const rows = await waitUntilSettled(user, SWEEP_WAIT_MS);

    assert.ok(ms < WEBHOOK_LIMIT_MS, `webhook answered in ${Math.round(ms)} ms`);
    assert.deepEqual(rows, [{ status: 'sent', attempts: 2, sent_via: 'reply' }]);
    assert.deepEqual(messageRecords(harness.line.api, user).map((record) => record.kind), ['reply']);
  });

  it('500 after LINE delivered sends no copy', async () => {
    harness.line.api.failNext(1, { status: 500, deliver: true });
    const { user, ms } = await askQuote();
    const rows = await waitUntilSettled(user, SWEEP_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 500));

    assert.ok(ms < WEBHOOK_LIMIT_MS, `webhook answered in ${Math.round(ms)} ms`);
    assert.deepEqual(rows, [{ status: 'sent', attempts: 1, sent_via: 'reply' }]);
    assert.equal(messageRecords(harness.line.api, user).length, 1, 'the retried reply found its token used');
  });

  it('held LINE answer is delivered once', async () => {
    harness.line.api.hang(2000);
    const { user, ms } = await askQuote();
    const rows = await waitUntilSettled(user, SWEEP_WAIT_MS);

    assert.ok(ms < WEBHOOK_LIMIT_MS, `webhook answered in ${Math.round(ms)} ms`);
    assert.deepEqual(rows, [{ status: 'sent', attempts: 1, sent_via: 'reply' }]);
    assert.equal(messageRecords(harness.line.api, user).length, 1);
  });

  it('mixed faults under load deliver each reply once', async () => {
    harness.line.api.failNext(3, { status: 429, body: { message: 'Too Many Requests' } });
    harness.line.api.failNext(2, { status: 500, delayMs: 1500 });
    harness.line.api.failNext(2, { status: 500, deliver: true });
    harness.line.api.hang(2000);

    const asked = await Promise.all(Array.from({ length: 12 }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, index * 20));
      return askQuote();
    }));
    for (const { user } of asked) {
      await waitUntilSettled(user, SWEEP_WAIT_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    const slowest = Math.max(...asked.map(({ ms }) => ms));
    assert.ok(slowest < WEBHOOK_LIMIT_MS, `slowest webhook answered in ${Math.round(slowest)} ms`);
    for (const { user } of asked) {
      const statuses = (await outboxOf(user)).map((row) => row.status);
      assert.deepEqual(statuses, ['sent'], `outbox of ${user}`);
      assert.equal(messageRecords(harness.line.api, user).length, 1, `messages to ${user}`);
    }
  });
});
