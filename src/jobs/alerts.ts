/**
 * The 到價提醒 check, run every minute of the trading session: quotes for
 * every alerted code, then each alert whose condition holds moves to
 * 'triggered' in the same transaction that queues its push. The update
 * only matches an active alert, so two workers, a retry or a crash between
 * commit and push never notify twice; the push's retry key is derived from
 * the alert id, so LINE drops a repeated send as well.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { describeAlert, isTriggered, type AlertCondition } from '../../machines/alert-rules.ts';
import { alertCopy } from '../../machines/copy.ts';
import type { Intent } from '../../machines/intents.ts';
import { withTransaction } from '../db/pool.ts';
import type { Deliverer } from '../delivery/outbox.ts';
import { formatPrice, formatTaipeiTime, quotePricePlaces } from '../line/format.ts';
import type { Logger } from '../logger.ts';
import { isMarketOpen } from '../market/calendar.ts';
import type { MarketData, Quote } from '../market/types.ts';

interface ActiveAlert {
  id: string;
  chat_id: string;
  chat_type: string;
  code: string;
  name: string;
  condition: AlertCondition;
  value: string;
}

export interface AlertCheckerOptions {
  pool: pg.Pool;
  market: MarketData;
  deliverer: Deliverer;
  logger: Logger;
}

export interface AlertCheckResult {
  checked: number;
  triggered: number;
  skipped?: 'market closed';
}

export function createAlertChecker(options: AlertCheckerOptions) {
  return async function checkAlerts(now: number): Promise<AlertCheckResult> {
    if (!isMarketOpen(now)) {
      return { checked: 0, triggered: 0, skipped: 'market closed' };
    }

    const active = await options.pool.query<ActiveAlert>(
      `SELECT a.id, a.chat_id, c.chat_type, a.code, a.name, a.condition, a.value
       FROM alerts a JOIN chats c ON c.chat_id = a.chat_id
       WHERE a.status = 'active' AND c.followed`,
    );
    const quotes = await quotesFor([...new Set(active.rows.map((alert) => alert.code))]);

    const outboxIds: string[] = [];
    for (const alert of active.rows) {
      const quote = quotes.get(alert.code);
      if (!quote || quote.price === null || quote.stale || !isTriggered(alert.condition, Number(alert.value), quote.price, quote.previousClose)) {
        continue;
      }
      const outboxId = await fire(alert, quote);
      if (outboxId) {
        outboxIds.push(outboxId);
      }
    }

    for (const id of outboxIds) {
      await options.deliverer.deliver(id);
    }
    return { checked: active.rows.length, triggered: outboxIds.length };
  };

  async function quotesFor(codes: string[]): Promise<Map<string, Quote>> {
    const quotes = new Map<string, Quote>();
    const batch = (options.market as { getQuotes?: (codes: string[]) => Promise<Map<string, Quote>> }).getQuotes;
    if (batch) {
      return batch.call(options.market, codes).catch((error: unknown) => {
        options.logger.warn({ err: error, codes: codes.length }, 'alert quotes unavailable; no alert checked this minute');
        return quotes;
      });
    }
    for (const code of codes) {
      const quote = await options.market.getQuote(code).catch(() => null);
      if (quote) quotes.set(code, quote);
    }
    return quotes;
  }

  async function fire(alert: ActiveAlert, quote: Quote): Promise<string | null> {
    return withTransaction(options.pool, async (client) => {
      const moved = await client.query("UPDATE alerts SET status = 'triggered', triggered_at = now(), trigger_price = $2 WHERE id = $1 AND status = 'active'", [alert.id, quote.price]);
      if (moved.rowCount === 0) {
        return null;
      }

      const sentence = describeAlert(alert.name, alert.code, alert.condition, Number(alert.value));
      const intents: Intent[] = [
        { type: 'say', text: alertCopy.triggered(sentence, formatPrice(quote.price, quotePricePlaces(quote)), formatTaipeiTime(quote.time)), shortcuts: [{ label: '查看報價', command: `quote:${alert.code}` }, { label: '我的提醒', command: 'alert:list' }] },
      ];
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO outbox (chat_id, chat_type, intents, retry_key, job_id, received_at)
         VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (job_id) DO NOTHING RETURNING id`,
        [alert.chat_id, alert.chat_type, JSON.stringify(intents), retryKeyFor(`alert:${alert.id}`), `alert:${alert.id}`],
      );
      options.logger.info({ alertId: alert.id, chatId: alert.chat_id, code: alert.code, price: quote.price }, 'alert triggered');
      return inserted.rows[0]?.id ?? null;
    });
  }
}

/** Derives a stable UUID-shaped key from a name, so every attempt to send one notification carries the same X-Line-Retry-Key. */
export function retryKeyFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
