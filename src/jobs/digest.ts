/**
 * 每日收盤摘要: after the close on trading days, push each opted-in chat
 * its 自選股 with the day's prices. The outbox row is keyed by chat and
 * date, so a retried or doubled job pushes once.
 */
import type pg from 'pg';
import { watchlistCopy } from '../../machines/copy.ts';
import type { Intent, StockRef } from '../../machines/intents.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import type { Logger } from '../logger.ts';
import { isTradingDay, taipeiDate } from '../market/calendar.ts';
import { retryKeyFor } from './alerts.ts';

export function createDigestSender(options: { pool: pg.Pool; deliverer: Deliverer; logger: Logger }) {
  return async function sendDigests(now: number): Promise<number> {
    const today = taipeiDate(now);
    if (!isTradingDay(today)) {
      return 0;
    }

    // Groups are left out: a push to a group counts every member against the monthly quota.
    const chats = await options.pool.query<{ chat_id: string; watchlist: StockRef[] }>(
      `SELECT chat_id, preferences->'watchlist' AS watchlist FROM chats
       WHERE followed AND chat_type = 'user' AND (preferences->>'digest')::boolean IS TRUE
         AND jsonb_array_length(COALESCE(preferences->'watchlist', '[]'::jsonb)) > 0`,
    );

    const ids: string[] = [];
    for (const chat of chats.rows) {
      const intents: Intent[] = [{ type: 'showWatchlist', stocks: chat.watchlist, title: `${watchlistCopy.digestTitle}（${today}）`, shortcuts: [{ label: '關閉每日摘要', command: 'watch:digest:off' }] }];
      const key = `digest:${chat.chat_id}:${today}`;
      const inserted = await options.pool.query<{ id: string }>(
        `INSERT INTO outbox (chat_id, chat_type, intents, retry_key, job_id, received_at)
         VALUES ($1, 'user', $2, $3, $4, now()) ON CONFLICT (job_id) DO NOTHING RETURNING id`,
        [chat.chat_id, JSON.stringify(intents), retryKeyFor(key), key],
      );
      if (inserted.rows[0]) ids.push(inserted.rows[0].id);
    }

    for (const id of ids) {
      await options.deliverer.deliver(id);
    }
    options.logger.info({ date: today, chats: ids.length }, 'daily digests queued');
    return ids.length;
  };
}
