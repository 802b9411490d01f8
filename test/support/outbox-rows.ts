import { LEASE_SECONDS, type LeasedOutboxRow } from '../../src/delivery/outbox.ts';
import type { TestDatabase } from './database.ts';

/** Inserts a row as the runtime does: leased to this process, reply marked as started. */
export async function insertLeased(database: TestDatabase, chatId: string): Promise<LeasedOutboxRow> {
  const result = await database.pool.query<LeasedOutboxRow>(
    `INSERT INTO outbox (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, lease_until, attempts, reply_started_at)
     VALUES ($1, 'user', $2, $3, now(), $4, gen_random_uuid(), now() + make_interval(secs => $5), 1, now())
     RETURNING id, chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, attempts, reply_started_at`,
    [chatId, `event-${chatId}`, `token-${chatId}`, JSON.stringify([{ type: 'say', text: '你好' }]), LEASE_SECONDS],
  );
  return result.rows[0]!;
}
