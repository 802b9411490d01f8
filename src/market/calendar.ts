/**
 * The TWSE and TPEx trading calendar in Asia/Taipei: regular sessions
 * Monday to Friday, 09:00–13:30, except exchange holidays. Taiwan has used
 * UTC+8 without daylight saving time since 1980, so a fixed offset is exact.
 * Dates are YYYY-MM-DD strings of the Taipei calendar; instants are Date
 * objects or epoch milliseconds.
 *
 * Every function that depends on holidays takes the holiday table as its
 * last argument, which defaults to the table installed at the process edge
 * (see trading-holidays.ts). A weekday in a year without a schedule counts
 * as a trading day, and the table's onUnknownYear hears of it.
 */
import { taipeiTime } from './parse/dates.ts';
import { installedTradingHolidays, type TradingHolidays } from './trading-holidays.ts';

export const TAIPEI_TIME_ZONE = 'Asia/Taipei';

export const SESSION_OPEN = '09:00';
export const SESSION_CLOSE = '13:30';

const TAIPEI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A search for the next or previous trading day gives up after this many days. */
const MAX_SEARCH_DAYS = 366;

type Instant = Date | number;

/** Returns the Asia/Taipei calendar date of an instant. */
export function taipeiDate(at: Instant): string {
  return new Date(toMs(at) + TAIPEI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Checks whether the holiday table has a schedule for `year`. Outside it every weekday counts as a trading day. */
export function hasHolidayList(year: number, holidays: TradingHolidays = installedTradingHolidays()): boolean {
  return holidays.byYear.has(year);
}

/** Checks whether the exchanges hold a regular session on `date` (YYYY-MM-DD, Taipei). */
export function isTradingDay(date: string, holidays: TradingHolidays = installedTradingHolidays()): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (Number.isNaN(weekday)) {
    throw new RangeError(`invalid date ${JSON.stringify(date)}, expected YYYY-MM-DD`);
  }

  if (weekday === 0 || weekday === 6) {
    return false;
  }

  const year = Number(date.slice(0, 4));
  const closed = holidays.byYear.get(year);
  if (closed === undefined) {
    holidays.onUnknownYear?.(year);
    return true;
  }

  return !closed.has(date);
}

/** Checks whether `at` falls inside a regular session: open at 09:00:00, closed from 13:30:00. */
export function isMarketOpen(at: Instant, holidays: TradingHolidays = installedTradingHolidays()): boolean {
  const ms = toMs(at);
  const date = taipeiDate(ms);
  return isTradingDay(date, holidays) && ms >= sessionOpen(date) && ms < sessionClose(date);
}

/** Returns the latest trading day on or before the Taipei date of `at`, whether or not its session has started. */
export function lastTradingDay(at: Instant, holidays: TradingHolidays = installedTradingHolidays()): string {
  return findTradingDay(taipeiDate(at), -1, true, holidays);
}

/** Returns the latest trading day whose session had closed by `at`. */
export function lastClosedTradingDay(at: Instant, holidays: TradingHolidays = installedTradingHolidays()): string {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const includeToday = ms >= sessionClose(today);
  return findTradingDay(today, -1, includeToday, holidays);
}

/** Returns the first session open strictly after `at`. */
export function nextOpen(at: Instant, holidays: TradingHolidays = installedTradingHolidays()): Date {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const day = findTradingDay(today, 1, ms < sessionOpen(today), holidays);
  return new Date(sessionOpen(day));
}

/** Returns the first session close strictly after `at`: today's while a session is running or yet to come. */
export function nextClose(at: Instant, holidays: TradingHolidays = installedTradingHolidays()): Date {
  const ms = toMs(at);
  const today = taipeiDate(ms);
  const day = findTradingDay(today, 1, ms < sessionClose(today), holidays);
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
function findTradingDay(start: string, direction: 1 | -1, includeStart: boolean, holidays: TradingHolidays): string {
  let date = includeStart ? start : addDays(start, direction);
  for (let step = 0; step < MAX_SEARCH_DAYS; step += 1) {
    if (isTradingDay(date, holidays)) {
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
