/**
 * Loads the stored holiday schedule into this process's trading calendar:
 * at start-up, hourly after that, and right after the holiday-refresh job
 * stores a new year. Stored years replace the seed's, and the seed covers
 * the rest. A failed load keeps the installed table.
 */
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logger.ts';
import { readStoredHolidays } from './holiday-store.ts';
import { createTradingHolidays, installTradingHolidays, SEED_HOLIDAYS } from './trading-holidays.ts';

/** Another process's refresh reaches this one within this long. */
const RELOAD_MS = 60 * 60_000;

export interface CalendarHolder {
  /** Loads the stored schedule again and installs it; returns the years the calendar then covers. */
  reload(): Promise<number[]>;
  stop(): void;
}

export async function holdTradingCalendar(pool: Pool, logger: Logger): Promise<CalendarHolder> {
  const warned = new Set<number>();

  // For a year without a schedule the calendar counts every weekday as a session, and operators need to learn that once.
  function warnUnknownYear(year: number): void {
    if (warned.has(year)) {
      return;
    }

    warned.add(year);
    logger.warn({ year }, 'no TWSE holiday schedule for this year; counting every weekday as a trading day');
  }

  function install(datesByYear: ReadonlyMap<number, readonly string[]>): number[] {
    installTradingHolidays(createTradingHolidays(datesByYear, warnUnknownYear));
    return [...datesByYear.keys()].sort((a, b) => a - b);
  }

  const seed = new Map<number, readonly string[]>(Object.entries(SEED_HOLIDAYS).map(([year, dates]) => [Number(year), dates]));
  let years = install(seed);

  async function reload(): Promise<number[]> {
    try {
      const stored = await readStoredHolidays(pool);
      years = install(new Map([...seed, ...stored]));
      logger.info({ years, stored: [...stored.keys()] }, 'trading calendar loaded');
    } catch (error) {
      logger.error({ err: error, years }, 'stored holiday schedule could not be loaded; keeping the installed calendar');
    }

    return years;
  }

  await reload();
  const timer = setInterval(() => void reload(), RELOAD_MS);
  timer.unref();

  return { reload, stop: () => clearInterval(timer) };
}
