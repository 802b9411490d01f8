/**
 * Counts pushes per calendar month (Asia/Taipei) against `PUSH_MONTHLY_LIMIT`
 * and pauses pushes after LINE's 429 for the monthly limit. Replies are free
 * and not counted.
 * NOTE: one push counts once here, but LINE counts a push to a group once per member.
 */
import type pg from 'pg';
import type { Logger } from '../logger.ts';

/** Share of the limit after which pushes carry a warning to the user. */
const WARN_AT = 0.9;

export const QUOTA_WARNING = '提醒：本月的推播額度快用完了，之後的到價提醒與每日摘要可能無法送達。';

export type QuotaDecision = { allowed: true; warn: boolean } | { allowed: false; reason: 'limit' | 'paused' };

export function createPushQuota(pool: pg.Pool, limit: number | null, logger: Logger) {
  function month(at: Date): string {
    return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  }

  return {
    /** Reserves one push of this month, or returns why it may not be sent. */
    async reserve(now: number): Promise<QuotaDecision> {
      const key = month(new Date(now));
      await pool.query('INSERT INTO push_usage (month) VALUES ($1) ON CONFLICT (month) DO NOTHING', [key]);
      const reserved = await pool.query<{ sent: number }>(
        `UPDATE push_usage SET sent = sent + 1
         WHERE month = $1 AND (paused_until IS NULL OR paused_until <= now()) AND ($2::integer IS NULL OR sent < $2)
         RETURNING sent`,
        [key, limit],
      );
      const sent = reserved.rows[0]?.sent;
      if (sent === undefined) {
        const paused = await pool.query<{ paused: boolean }>('SELECT paused_until > now() AS paused FROM push_usage WHERE month = $1', [key]);
        return { allowed: false, reason: paused.rows[0]?.paused ? 'paused' : 'limit' };
      }
      return { allowed: true, warn: limit !== null && sent >= Math.ceil(limit * WARN_AT) };
    },

    /** Pauses pushes until the next month after LINE's monthly-limit 429; logs only the first time. */
    async pauseForMonth(now: number): Promise<void> {
      const key = month(new Date(now));
      const [year, monthNumber] = key.split('-').map(Number) as [number, number];
      // The first moment of next month in Asia/Taipei (UTC+8).
      const nextMonth = new Date(Date.UTC(year, monthNumber, 1) - 8 * 3600_000);
      const paused = await pool.query(
        `INSERT INTO push_usage (month, paused_until) VALUES ($1, $2)
         ON CONFLICT (month) DO UPDATE SET paused_until = EXCLUDED.paused_until WHERE push_usage.paused_until IS NULL`,
        [key, nextMonth],
      );
      if ((paused.rowCount ?? 0) > 0) {
        logger.error({ until: nextMonth.toISOString() }, 'LINE monthly message limit reached; pushes paused until next month');
      }
    },
  };
}

export type PushQuota = ReturnType<typeof createPushQuota>;
