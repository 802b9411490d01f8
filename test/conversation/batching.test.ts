import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRuntime, type StockResolver } from '../../src/conversation/runtime.ts';
import { createLogger } from '../../src/logger.ts';
import { textEvent } from '../../src/line/webhook-events.ts';
import { normalizeEvent, type InboundEvent } from '../../src/webhook/normalize.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let counter = 0;
function newUser(): string {
  counter += 1;
  return `U${'b'.repeat(24)}${(Date.now() % 1e6).toString(16).padStart(5, '0')}${counter.toString(16).padStart(3, '0')}`;
}

const resolveStock: StockResolver = (query) => {
  if (query === '爆炸') {
    throw new Error('resolver failed on purpose');
  }
  return query === '2330' ? { kind: 'found', stock: { code: '2330', name: '台積電', market: 'TWSE' }, exact: true } : { kind: 'notFound' };
};

function inbound(userId: string, text: string, timestamp = Date.now()): InboundEvent {
  const normalized = normalizeEvent(textEvent({ userId, text, timestamp }));
  assert.ok(normalized.ok);
  return normalized.event;
}

describe('batched apply', () => {
  let database: TestDatabase;

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database.drop();
  });

  function runtime() {
    return createRuntime({ pool: database.pool, resolveStock, logger: createLogger('silent'), feedbackHashKey: 'test' });
  }

  async function outboxOf(chatId: string): Promise<{ event_id: string; reply_token: string | null }[]> {
    const rows = await database.pool.query<{ event_id: string; reply_token: string | null }>('SELECT event_id, reply_token FROM outbox WHERE chat_id = $1 ORDER BY id', [chatId]);
    return rows.rows;
  }

  it('shares transactions between concurrent events', async () => {
    const users = Array.from({ length: 30 }, () => newUser());
    const events = users.map((user) => inbound(user, '2330'));
    let checkouts = 0;
    const count = () => {
      checkouts += 1;
    };
    database.pool.on('acquire', count);

    const shared = runtime();
    const outcomes = await Promise.all(events.map((event) => shared.apply(event)));
    database.pool.off('acquire', count);

    assert.ok(outcomes.every((outcome) => outcome.status === 'applied'));
    assert.ok(checkouts <= 2, `30 events took ${checkouts} connection checkouts`);
    for (const [index, user] of users.entries()) {
      const rows = await outboxOf(user);
      assert.equal(rows.length, 1, `one outbox row for user ${index}`);
      assert.equal(rows[0]!.event_id, events[index]!.eventId);
      assert.equal(rows[0]!.reply_token, events[index]!.replyToken);
    }
  });

  it('applies one chat’s events in submission order within a batch', async () => {
    const user = newUser();
    const shared = runtime();
    const start = Date.now();

    const [menu, stock] = await Promise.all([shared.apply(inbound(user, '即時查詢', start)), shared.apply(inbound(user, '2330', start + 1))]);

    assert.equal(menu.status, 'applied');
    assert.equal(stock.status, 'applied');
    const chat = await database.pool.query<{ machine_id: string | null; revision: string }>('SELECT machine_id, revision FROM chats WHERE chat_id = $1', [user]);
    assert.equal(chat.rows[0]!.machine_id, null, 'the quote dialogue finished');
    assert.equal(chat.rows[0]!.revision, '2');
    const rows = await database.pool.query<{ intents: { type: string }[] }>('SELECT intents FROM outbox WHERE chat_id = $1 ORDER BY id', [user]);
    assert.equal(rows.rows[0]!.intents[0]!.type, 'ask');
    assert.equal(rows.rows[1]!.intents[0]!.type, 'showQuote');
  });

  it('same event twice in a batch', async () => {
    const user = newUser();
    const shared = runtime();
    const event = inbound(user, '2330');

    const outcomes = await Promise.all([shared.apply(event), shared.apply({ ...event, redelivery: true })]);

    assert.deepEqual(outcomes.map((outcome) => outcome.status).sort(), ['applied', 'duplicate']);
    assert.equal((await outboxOf(user)).length, 1);
  });

  it('fails only the bad event of a batch and applies the rest once', async () => {
    const users = Array.from({ length: 5 }, () => newUser());
    const shared = runtime();
    const texts = ['2330', '2330', '爆炸', '2330', '2330'];

    const settled = await Promise.allSettled(users.map((user, index) => shared.apply(inbound(user, texts[index]!))));

    assert.equal(settled[2]!.status, 'rejected');
    for (const index of [0, 1, 3, 4]) {
      assert.equal(settled[index]!.status, 'fulfilled', `event ${index} applied`);
      assert.equal((await outboxOf(users[index]!)).length, 1, `one outbox row for event ${index}`);
    }
    const claimed = await database.pool.query('SELECT 1 FROM processed_events WHERE chat_id = $1', [users[2]]);
    assert.equal(claimed.rowCount, 0, 'the failed event stays unclaimed, so a redelivery applies it');
  });
});
