/**
 * Marks delivered outbox rows as sent in batches: under load many rows are
 * delivered at once, and one UPDATE for all of them saves a round trip per
 * message. Losing a batch to a crash is safe: the sweeper retries the row,
 * finds its reply token used by this attempt (reply_started_at is written
 * before every reply) or its push retry key accepted, and sends no copy.
 */
import type pg from 'pg';

type Via = 'reply' | 'push' | 'none';

/** Marks arriving within this window share one UPDATE. */
const BATCH_WINDOW_MS = 2;

export function createSentMarks(pool: pg.Pool) {
  let ids: string[] = [];
  let vias: Via[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, BATCH_WINDOW_MS));
    const batchIds = ids;
    const batchVias = vias;
    ids = [];
    vias = [];
    flushing = null;
    await pool.query(
      `UPDATE outbox SET status = 'sent', sent_via = marks.via, sent_at = now(), lease_until = NULL
       FROM unnest($1::bigint[], $2::text[]) AS marks (id, via)
       WHERE outbox.id = marks.id`,
      [batchIds, batchVias],
    );
  }

  return {
    /** Resolves once the row is marked; rejects when the batch's UPDATE fails. */
    mark(id: string, via: Via): Promise<void> {
      ids.push(id);
      vias.push(via);
      flushing ??= flush();
      return flushing;
    },
  };
}
