import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import { createRuntime } from '../../src/conversation/runtime.ts';
import { LEASE_SECONDS } from '../../src/delivery/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeLineServer, type FakeLineServer, type SentRecord } from '../../src/line/fake-api.ts';
import { signBody } from '../../src/line/sign.ts';
import { textEvent, webhookBody } from '../../src/line/webhook-events.ts';
import { normalizeEvent } from '../../src/webhook/normalize.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { BOT_ID, startHarness, TEST_SECRET, TEST_TOKEN, type Harness } from '../support/harness.ts';
import { startGulemaProcess } from '../support/process.ts';

let counter = 0;
function newUser(): string {
  counter += 1;
  return `U${'d'.repeat(24)}${(Date.now() % 1e6).toString(16).padStart(5, '0')}${counter.toString(16).padStart(3, '0')}`;
}

function isQuoteCard(record: SentRecord): boolean {
  return record.messages[0]?.type === 'flex' && /台積電/.test((record.messages[0] as messagingApi.FlexMessage).altText);
}

async function outboxStatuses(database: TestDatabase, chatId: string): Promise<string[]> {
  const rows = await database.pool.query<{ status: string }>('SELECT status FROM outbox WHERE chat_id = $1 ORDER BY id', [chatId]);
  return rows.rows.map((row) => row.status);
}

describe('conversation durability', () => {
  let database: TestDatabase;
  let line: FakeLineServer;

  before(async () => {
    database = await createTestDatabase();
    line = await startFakeLineServer({ channelAccessToken: TEST_TOKEN });
  });

  after(async () => {
    await line.close();
    await database.drop();
  });

  it('restart mid-dialogue continues where it stopped', async () => {
    const user = newUser();
    const first = await startHarness({ database, line });
    await first.send([textEvent({ userId: user, text: '即時查詢' })]);
    await line.api.waitFor((record) => record.to === user);
    await first.stop();

    const second = await startHarness({ database, line });
    await second.send([textEvent({ userId: user, text: '2330' })]);
    const card = await line.api.waitFor((record) => record.to === user && isQuoteCard(record));
    await second.stop();

    assert.equal(card.kind, 'reply');
    assert.equal(line.api.sentTo(user).length, 2);
  });

  it('crash between commit and send is delivered once by the sweeper', async () => {
    const user = newUser();
    const event = textEvent({ userId: user, text: '2330' });
    line.api.registerReplyToken(event.replyToken, user);

    // A process that commits and dies before delivering: the runtime alone, no deliverer.
    const runtime = createRuntime({ pool: database.pool, resolveStock: () => ({ kind: 'found', stock: { code: '2330', name: '台積電', market: 'TWSE' }, exact: true }), logger: createLogger('silent'), feedbackHashKey: 'test' });
    const normalized = normalizeEvent(event);
    assert.ok(normalized.ok);
    await runtime.apply(normalized.event);
    assert.deepEqual(await outboxStatuses(database, user), ['pending']);
    assert.equal(line.api.sentTo(user).length, 0);

    // The dead process leased the row at insert; a sweeper may take it once the lease runs out.
    const early = await startHarness({ database, line });
    assert.equal(await early.gulema.deliverer.sweep(), 0, 'the lease protects the row from a second sender');
    await early.stop();
    await database.pool.query("UPDATE outbox SET lease_until = now() - interval '1 second' WHERE chat_id = $1", [user]);

    const survivor = await startHarness({ database, line });
    const [firstSweep, secondSweep] = await Promise.all([survivor.gulema.deliverer.sweep(), survivor.gulema.deliverer.sweep()]);
    await survivor.stop();

    assert.equal(firstSweep + secondSweep, 1, 'two sweepers racing deliver the row once');
    assert.equal(line.api.sentTo(user).length, 1);
    assert.equal(line.api.sentTo(user)[0]?.kind, 'reply', 'the reply token was still fresh');
    assert.deepEqual(await outboxStatuses(database, user), ['sent']);
  });

  it('same event to two processes is applied once', async () => {
    const user = newUser();
    const first = await startHarness({ database, line });
    const second = await startHarness({ database, line });
    const event = textEvent({ userId: user, text: '2330' });

    const [a, b] = await Promise.all([first.send([event]), second.send([event])]);
    await Promise.all([first.gulema.deliverer.idle(), second.gulema.deliverer.idle()]);
    await Promise.all([first.stop(), second.stop()]);

    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(line.api.sentTo(user).length, 1);
    assert.deepEqual(await outboxStatuses(database, user), ['sent']);
  });

  it('interleaved events across two processes end in one consistent state', async () => {
    const users = [newUser(), newUser(), newUser(), newUser()];
    const first = await startHarness({ database, line });
    const second = await startHarness({ database, line });
    const processes: Harness[] = [first, second];
    const start = Date.now();

    // Each user's two steps go to different processes, all users at once.
    await Promise.all(
      users.map(async (user, index) => {
        await processes[index % 2]!.send([textEvent({ userId: user, text: '即時查詢', timestamp: start })]);
        await processes[(index + 1) % 2]!.send([textEvent({ userId: user, text: '2330', timestamp: start + 1 })]);
      }),
    );
    await Promise.all([first.gulema.deliverer.idle(), second.gulema.deliverer.idle()]);
    await Promise.all([first.stop(), second.stop()]);

    for (const user of users) {
      const sent = line.api.sentTo(user);
      assert.equal(sent.length, 2, `${user} got a prompt and a card`);
      assert.equal(sent[0]?.messages[0]?.type, 'text');
      assert.ok(isQuoteCard(sent[1]!));

      const chat = await database.pool.query<{ machine_id: string | null; revision: string }>('SELECT machine_id, revision FROM chats WHERE chat_id = $1', [user]);
      assert.equal(chat.rows[0]?.machine_id, null, 'the dialogue finished');
      assert.equal(chat.rows[0]?.revision, '2', 'each event applied exactly once');
    }
  });

  it('killed process loses and duplicates nothing', async () => {
    const user = newUser();
    const post = async (url: string, text: string) => {
      const event = textEvent({ userId: user, text });
      line.api.registerReplyToken(event.replyToken, user);
      const body = JSON.stringify(webhookBody([event], BOT_ID));
      return fetch(`${url}/callback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, TEST_SECRET) }, body });
    };

    const first = await startGulemaProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl });
    after(() => first.kill('SIGKILL'));
    assert.equal((await post(first.url, '即時查詢')).status, 200);
    await line.api.waitFor((record) => record.to === user);

    // LINE is slow to answer the next reply; the process dies while it waits, before anything was sent.
    line.api.failNext(1, { status: 500, delayMs: 3000 });
    assert.equal((await post(first.url, '2330')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first.kill('SIGKILL');
    assert.equal(line.api.sentTo(user).length, 1);
    assert.deepEqual(await outboxStatuses(database, user), ['sent', 'pending']);

    // The restarted worker sweeps the outbox once the dead process's lease on the row has run out.
    const second = await startGulemaProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl });
    let card: SentRecord;
    try {
      card = await line.api.waitFor((record) => record.to === user && isQuoteCard(record), (LEASE_SECONDS + 10) * 1000);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await second.kill('SIGTERM');
    }

    assert.equal(card.kind, 'reply');
    assert.equal(line.api.sentTo(user).length, 2, 'one prompt and one card, nothing twice');
    assert.deepEqual(await outboxStatuses(database, user), ['sent', 'sent']);
  });

  it('process killed after LINE accepted a reply sends no copy', async () => {
    const user = newUser();
    const event = textEvent({ userId: user, text: '2330' });
    line.api.registerReplyToken(event.replyToken, user);
    const body = JSON.stringify(webhookBody([event], BOT_ID));

    const first = await startGulemaProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl });
    after(() => first.kill('SIGKILL'));

    // LINE takes the reply but its answer never reaches the process, which dies waiting.
    line.api.hang(5000);
    const response = await fetch(`${first.url}/callback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, TEST_SECRET) }, body });
    assert.equal(response.status, 200);
    await line.api.waitFor((record) => record.to === user);
    await first.kill('SIGKILL');

    const second = await startGulemaProcess({ databaseUrl: database.url, lineBaseUrl: line.baseUrl });
    try {
      const deadline = Date.now() + (LEASE_SECONDS + 10) * 1000;
      while ((await outboxStatuses(database, user))[0] === 'pending' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await second.kill('SIGTERM');
    }

    assert.deepEqual(await outboxStatuses(database, user), ['sent']);
    assert.equal(line.api.sentTo(user).length, 1, 'the retried reply found its token used and pushed nothing');
  });
});
