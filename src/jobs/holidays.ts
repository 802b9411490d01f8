/**
 * The holiday-refresh job: fetches TWSE's holiday schedule of this year and
 * the next, stores each year it gets, and reloads this process's calendar.
 * Other processes pick the new years up on their hourly reload. A year that
 * fails keeps whatever was stored for it before.
 */
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { taipeiDate } from '../market/calendar.ts';
import { storeHolidaySchedule } from '../market/holiday-store.ts';
import { fetchHolidaySchedule } from '../market/live/holiday-schedule.ts';
import type { HttpClient } from '../market/live/http.ts';
import { MarketDataError } from '../market/types.ts';

export interface HolidayRefreshOptions {
  pool: Pool;
  http: HttpClient;
  /** Origin of www.twse.com.tw (TWSE_BASE_URL). */
  twseBaseUrl: string;
  logger: Logger;
  /** Reloads the stored schedule into this process's calendar. */
  reload: () => Promise<unknown>;
  /** Current time in epoch milliseconds; tests move it. */
  now?: () => number;
}

export interface HolidayRefreshResult {
  /** Years fetched and stored. */
  stored: number[];
  /** Years whose stored schedule stays as it was, because the fetch failed or TWSE has not published them. */
  unchanged: number[];
}

export function createHolidayRefresher(options: HolidayRefreshOptions): () => Promise<HolidayRefreshResult> {
  const { pool, http, logger } = options;
  const now = options.now ?? Date.now;

  return async function refreshHolidays(): Promise<HolidayRefreshResult> {
    const thisYear = Number(taipeiDate(now()).slice(0, 4));
    const result: HolidayRefreshResult = { stored: [], unchanged: [] };

    for (const year of [thisYear, thisYear + 1]) {
      let schedule;
      try {
        schedule = await fetchHolidaySchedule(http, options.twseBaseUrl, year);
      } catch (error) {
        if (!(error instanceof MarketDataError)) {
          throw error;
        }

        result.unchanged.push(year);
        // TWSE publishes next year's schedule late in the year, so until then its absence is expected.
        if (error.code === 'notFound' && year > thisYear) {
          logger.info({ year, err: error.message }, 'next year holiday schedule not published yet; keeping the stored one');
        } else {
          logger.warn({ year, err: error }, 'holiday schedule refresh failed; keeping the stored one');
        }
        continue;
      }

      await storeHolidaySchedule(pool, schedule, new Date(now()));
      result.stored.push(year);
      logger.info({ year, closures: schedule.closures.length, tradingDays: schedule.tradingDays.length }, 'holiday schedule stored');
    }

    if (result.stored.length > 0) {
      await options.reload();
    }

    return result;
  };
}
