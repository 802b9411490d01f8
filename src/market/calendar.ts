/**
 * The TWSE and TPEx trading calendar in Asia/Taipei: regular sessions
 * Monday to Friday, 09:00–13:30, except exchange holidays. Taiwan has used
 * UTC+8 without daylight saving time since 1980, so a fixed offset is exact.
 * Dates are YYYY-MM-DD strings of the Taipei calendar; instants are Date
 * objects or epoch milliseconds.
 */
import { taipeiTime } from './parse/dates.ts';

export const TAIPEI_TIME_ZONE = 'Asia/Taipei';

export const SESSION_OPEN = '09:00';
export const SESSION_CLOSE = '13:30';

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A search for the next or previous trading day gives up after this many days. */
const MAX_SEARCH_DAYS = 366;

/**
 * Weekdays without trading, by year. 2026 (民國115年) is TWSE's
 * 有價證券集中交易市場開(休)市日期表 as announced on 2025-10-29 and reported
 * by udn.com on 2025-10-30; 2026-02-12 and 02-13 are settlement-only days
 * without trading. Typhoon closures are announced on the day and are not here.
 *
 * TODO: fetch `{twse}/holidaySchedule/holidaySchedule?response=json&queryYear=<ROC year>`
 * once a real response is recorded to test the parser against, and add
 * 2027 (民國116年), which TWSE had not published in any source read here.
 */
export const TWSE_HOLIDAYS: Readonly<Record<number, readonly string[]>> = {
  2026: [
    '2026-01-01',
    '2026-02-12',
    '2026-02-13',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-27',
    '2026-04-03',
    '2026-04-06',
    '2026-05-01',
    '2026-06-19',
    '2026-09-25',
    '2026-09-28',
    '2026-10-09',
    '2026-10-26',
    '2026-12-25',
  ],
};

const HOLIDAYS: ReadonlySet<string> = new Set(Object.values(TWSE_HOLIDAYS).flat());

type Instant = Date | number;

/** Returns the Asia/Taipei calendar date of an instant. */
export function taipeiDate(at: Instant): string {
  return new Date(toMs(at) + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Checks whether the holiday list covers `year`. Outside it every weekday counts as a trading day. */
export function hasHolidayList(year: number): boolean {
  return TWSE_HOLIDAYS[year] !== undefined;
}

/** Checks whether the exchanges hold a regular session on `date` (YYYY-MM-DD, Taipei). */
export function isTradingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (Number.isNaN(weekday)) {
    throw new RangeError(`invalid date ${JSON.stringify(date)}, expected YYYY-MM-DD`);
  }

  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date);
}

/** Checks whether `at` falls inside a regular session: open at 09:00:00, closed from 13:30:00. */
export function isMarketOpen(at: Instant): boolean {
  const ms = toMs(at);
  const date = taipeiDate(ms);
  return isTradingDay(date) && ms >= sessionOpen(date) && ms < sessionClose(date);
}

/** Returns the latest trading day on or before the Taipei date of `at`, whether or not its session has started. */
export function lastTradingDay(at: Instant): string {
  return findTradingDay(taipeiDate(at), -1, true);
}

/** Returns the latest trading day whose session had closed by `at`. */
export function lastClosedTradingDay(at: Instant): string {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const includeToday = ms >= sessionClose(today);
  return findTradingDay(today, -1, includeToday);
}

/** Returns the first session open strictly after `at`. */
export function nextOpen(at: Instant): Date {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const day = findTradingDay(today, 1, ms < sessionOpen(today));
  return new Date(sessionOpen(day));
}

/** Returns the first session close strictly after `at`: today's while a session is running or yet to come. */
export function nextClose(at: Instant): Date {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const day = findTradingDay(today, 1, ms < sessionClose(today));
  return new Date(sessionClose(day));
}

/** Returns the session open of `date` as epoch milliseconds. */
export function sessionOpen(date: string): number {
  return taipeiTime(date, SESSION_OPEN);
}

/** Returns the session close of `date` as epoch milliseconds. */
export function sessionClose(date: string): number {
  return taipeiTime(date, SESSION_CLOSE);
}

/** Walks day by day from `start` in `direction` (+1 or −1) to the first trading day. */
function findTradingDay(start: string, direction: 1 | -1, includeStart: boolean): string {
  let date = includeStart ? start : addDays(start, direction);
  for (let step = 0; step < MAX_SEARCH_DAYS; step += 1) {
    if (isTradingDay(date)) {
      return date;
    }

    date = addDays(date, direction);
  }

  throw new Error(`no trading day within ${MAX_SEARCH_DAYS} days of ${start}`);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function toMs(at: Instant): number {
  return typeof at === 'number' ? at : at.getTime();
}
