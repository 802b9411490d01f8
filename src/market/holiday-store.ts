/**
 * The stored holiday schedule (`trading_holidays`): one row per year,
 * replaced whole when the holiday-refresh job fetches that year again.
 */
import type { Pool } from '../db/pool.ts';
import type { HolidaySchedule } from './parse/holiday-schedule.ts';

/** Reads the closure dates (YYYY-MM-DD) of every stored year. */
export async function readStoredHolidays(pool: Pool): Promise<Map<number, string[]>> {
  const result = await pool.query<{ year: number; closures: { date: string }[] }>('SELECT year, closures FROM trading_holidays ORDER BY year');
  return new Map(result.rows.map((row) => [row.year, row.closures.map((closure) => closure.date)]));
}

/** Stores the closures of `schedule.year`, replacing what was stored for that year. */
export async function storeHolidaySchedule(pool: Pool, schedule: HolidaySchedule, fetchedAt: Date): Promise<void> {
  const closures = schedule.closures.map((entry) => ({ date: entry.date, name: entry.name }));
  await pool.query(
    `INSERT INTO trading_holidays (year, closures, fetched_at) VALUES ($1, $2, $3)
     ON CONFLICT (year) DO UPDATE SET closures = EXCLUDED.closures, fetched_at = EXCLUDED.fetched_at`,
    [schedule.year, JSON.stringify(closures), fetchedAt],
  );
}
