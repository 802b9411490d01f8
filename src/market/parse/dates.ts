import { MarketDataError } from '../types.ts';

/** The ROC (民國) calendar counts years from 1912, so ROC year 1 is 1912. */
export const ROC_YEAR_OFFSET = 1911;

/** Taiwan has used UTC+8 without daylight saving time since 1980. */
const TAIPEI_UTC_OFFSET_HOURS = 8;

/**
 * Converts an ROC date to YYYY-MM-DD. Accepts `104/05/04`, `1150708` and
 * `99/12/31`, the forms TWSE and TPEx use.
 */
export function parseRocDate(text: string): string {
  const trimmed = text.trim();
  const match = /^(\d{2,3})\/(\d{1,2})\/(\d{1,2})$/.exec(trimmed) ?? /^(\d{2,3})(\d{2})(\d{2})$/.exec(trimmed);
  if (!match) {
    throw new MarketDataError('malformed', `invalid ROC date ${JSON.stringify(text)}`);
  }

  const year = Number(match[1]) + ROC_YEAR_OFFSET;
  return formatCheckedDate(year, Number(match[2]), Number(match[3]), text);
}

/** Converts a Gregorian `20231229` to YYYY-MM-DD. */
export function parseCompactDate(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) {
    throw new MarketDataError('malformed', `invalid date ${JSON.stringify(text)}, expected YYYYMMDD`);
  }

  return formatCheckedDate(Number(match[1]), Number(match[2]), Number(match[3]), text);
}

/** Returns epoch milliseconds of a YYYY-MM-DD date and HH:MM[:SS] time in Asia/Taipei. */
export function taipeiTime(date: string, time: string): number {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!dateMatch || !timeMatch) {
    throw new MarketDataError('malformed', `invalid date or time ${JSON.stringify(`${date} ${time}`)}`);
  }

  return Date.UTC(
    Number(dateMatch[1]),
    Number(dateMatch[2]) - 1,
    Number(dateMatch[3]),
    Number(timeMatch[1]) - TAIPEI_UTC_OFFSET_HOURS,
    Number(timeMatch[2]),
    Number(timeMatch[3] ?? '0'),
  );
}

/** Returns the YYYY-MM-DD date of an epoch-seconds timestamp shifted by a UTC offset in seconds. */
export function localDateOfTimestamp(epochSeconds: number, utcOffsetSeconds: number): string {
  return new Date((epochSeconds + utcOffsetSeconds) * 1000).toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

function formatCheckedDate(year: number, month: number, day: number, original: string): string {
  if (!isRealDate(year, month, day)) {
    throw new MarketDataError('malformed', `invalid calendar date ${JSON.stringify(original)}`);
  }

  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
