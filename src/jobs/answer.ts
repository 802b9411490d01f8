/**
 * Queues a job's answer in the outbox, keyed by the job id so that a
 * retried job never answers twice, with the reply token of the event that
 * asked for the work.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Intent } from '../../machines/intents.ts';
import type { JobTarget } from '../conversation/effects.ts';

export async function queueJobAnswer(pool: pg.Pool, jobId: string, target: JobTarget, intents: Intent[]): Promise<string> {
  const inserted = await pool.query<{ id: string }>(
    `INSERT INTO outbox (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, job_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (job_id) DO NOTHING
     RETURNING id`,
    [target.chatId, target.chatType, target.eventId, target.replyToken, new Date(target.receivedAt), JSON.stringify(intents), randomUUID(), jobId],
  );
  if (inserted.rows[0]) {
    return inserted.rows[0].id;
  }

  const existing = await pool.query<{ id: string }>('SELECT id FROM outbox WHERE job_id = $1', [jobId]);
  return existing.rows[0]!.id;
}
