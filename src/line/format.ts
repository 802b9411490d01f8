/**
 * Number and time formatting for zh-TW chat text. Every function is pure,
 * and every `format…` function returns `—` for a missing (null) or
 * non-finite value, so callers can pass quote fields straight through.
 */

import { isEtfCode, tickSize } from '../../machines/alert-rules.ts';
import type { Quote } from '../market/types.ts';

/** The placeholder shown for a value the source did not give. */
export const MISSING = '—';

/** U+2212 MINUS SIGN, which lines up with `+` better than a hyphen. */
const MINUS = '−';

const MAX_PLACES = 10;

const TAIPEI_TIME = new Intl.DateTimeFormat('zh-TW', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Returns the decimal places that the prices of one stock share within one
 * reply: the maximum that any of them needs at its tick size (`tickSize`).
 * A price written with more significant places, such as a reference price
 * of 493.25 at a 0.5 tick, raises it, but zeros the source pads with (MIS
 * writes 593.0000) do not. For example 530, 505 and 493 give 1, because
 * 493 trades in steps of 0.5; 593 and 589 give 0; an ETF gives 2. Missing
 * prices are skipped, and with none left the result is 2.
 */
export function sharedPricePlaces(prices: readonly (number | null | undefined)[], sourceDecimals: number, etf: boolean): number {
  const sourcePlaces = clampPlaces(sourceDecimals);
  const known = prices.filter(isFiniteNumber);
  if (known.length === 0) {
    return tickPlaces(0, etf);
  }

  return Math.max(...known.map((price) => Math.max(tickPlaces(Math.abs(price), etf), significantPlaces(price, sourcePlaces))));
}

/**
 * Returns the decimal places of every price on one stock's quote card: last
 * price, open, high, low and previous close, which are the prices the card
 * shows.
 */
export function quotePricePlaces(quote: Quote): number {
  const prices = [quote.price, quote.open, quote.high, quote.low, quote.previousClose];
  return sharedPricePlaces(prices, quote.decimals, isEtfCode(quote.code));
}

/**
 * Formats a price with exactly `places` decimals, which removes
 * floating-point noise: `formatPrice(530, 1)` is "530.0". Get `places` from
 * `sharedPricePlaces` so that every price of one stock in a reply lines up.
 */
export function formatPrice(value: number | null, places: number): string {
  if (!isFiniteNumber(value)) {
    return MISSING;
  }

  return withoutNegativeZero(value.toFixed(clampPlaces(places)));
}

/**
 * Formats a price change with ▲ or ▼, no sign character and the same
 * `places` as the prices beside it: "▲37.0", "▼1.5", and "0" or "0.0" for
 * no change.
 */
export function formatChange(change: number | null, places: number): string {
  if (!isFiniteNumber(change)) {
    return MISSING;
  }

  const direction = changeDirection(change, places);
  const magnitude = Math.abs(change).toFixed(clampPlaces(places));
  if (direction === 0) {
    return (0).toFixed(clampPlaces(places));
  }
  return `${direction > 0 ? '▲' : '▼'}${magnitude}`;
}

/**
 * Returns 1, −1 or 0 for a change as it displays at `decimals` places, so a
 * change that rounds to zero counts as flat.
 */
export function changeDirection(change: number | null, decimals = 2): -1 | 0 | 1 {
  if (!isFiniteNumber(change)) {
    return 0;
  }

  const rounded = Number(change.toFixed(clampPlaces(decimals)));
  if (rounded > 0) {
    return 1;
  }
  if (rounded < 0) {
    return -1;
  }
  return 0;
}

/** Formats a percentage with two places and a sign: "+7.95%", "−1.23%", "0.00%". */
export function formatPercent(percent: number | null): string {
  if (!isFiniteNumber(percent)) {
    return MISSING;
  }

  const text = Math.abs(percent).toFixed(2);
  if (Number(text) === 0) {
    return '0.00%';
  }
  return `${percent > 0 ? '+' : MINUS}${text}%`;
}

/** Formats a ratio such as P/E with two places: "15.23", "−3.10". */
export function formatRatio(ratio: number | null): string {
  if (!isFiniteNumber(ratio)) {
    return MISSING;
  }

  const text = Math.abs(ratio).toFixed(2);
  if (Number(text) === 0) {
    return '0.00';
  }
  return `${ratio < 0 ? MINUS : ''}${text}`;
}

/** Formats a volume in lots (張) with thousands separators: "18,323 張". */
export function formatLots(lots: number | null): string {
  if (!isFiniteNumber(lots)) {
    return MISSING;
  }

  const whole = Math.round(lots) || 0;
  return `${groupDigits(whole, 0)} 張`;
}

/**
 * Formats a TWD amount in 億 (10^8) or 萬 (10^4) with two places, or in 元
 * below 1 萬: "10.85 億", "812.34 萬", "9,999 元". The unit is chosen after
 * rounding, so 99,999,999 shows as "1.00 億", not "10,000.00 萬".
 */
export function formatTurnover(twd: number | null): string {
  if (!isFiniteNumber(twd)) {
    return MISSING;
  }

  const sign = twd < 0 ? MINUS : '';
  const amount = Math.abs(twd);

  const yuan = Math.round(amount);
  if (yuan === 0) {
    return '0 元';
  }
  if (yuan < 1e4) {
    return `${sign}${groupDigits(yuan, 0)} 元`;
  }

  const wan = Number((amount / 1e4).toFixed(2));
  if (wan < 1e4) {
    return `${sign}${groupDigits(wan, 2)} 萬`;
  }

  return `${sign}${groupDigits(Number((amount / 1e8).toFixed(2)), 2)} 億`;
}

/** Formats epoch milliseconds as Asia/Taipei local time: "2023/12/29 13:30". */
export function formatTaipeiTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) {
    return MISSING;
  }

  const parts = new Map(TAIPEI_TIME.formatToParts(epochMs).map((part) => [part.type, part.value]));
  return `${parts.get('year')}/${parts.get('month')}/${parts.get('day')} ${parts.get('hour')}:${parts.get('minute')}`;
}

/**
 * Describes how old data is: "剛剛" under a minute (and for a time in the
 * future, which only clock skew produces), then whole minutes, hours or days
 * rounded down: "3 分鐘前", "2 小時前", "5 天前".
 */
export function formatAge(dataTimeMs: number, nowMs: number): string {
  if (!Number.isFinite(dataTimeMs) || !Number.isFinite(nowMs)) {
    return MISSING;
  }

  const minutes = Math.floor((nowMs - dataTimeMs) / 60_000);
  if (minutes < 1) {
    return '剛剛';
  }
  if (minutes < 60) {
    return `${minutes} 分鐘前`;
  }

  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours} 小時前`;
  }

  return `${Math.floor(hours / 24)} 天前`;
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function clampPlaces(decimals: number): number {
  if (!Number.isFinite(decimals)) {
    return 2;
  }
  return Math.min(MAX_PLACES, Math.max(0, Math.trunc(decimals)));
}

/** Returns the decimal places of the tick size at a price: 0.05 has 2, 0.5 has 1, 5 has 0. */
function tickPlaces(price: number, etf: boolean): number {
  const tick = String(tickSize(price, etf));
  const point = tick.indexOf('.');
  return point === -1 ? 0 : tick.length - point - 1;
}

/** Returns the places a price needs at the source's precision, trailing zeros dropped: 593.5000 has 1. */
function significantPlaces(price: number, sourcePlaces: number): number {
  const fraction = Math.abs(price).toFixed(sourcePlaces).split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

function withoutNegativeZero(text: string): string {
  return text.startsWith('-') && Number(text) === 0 ? text.slice(1) : text;
}

/** One formatter per number of places: `toLocaleString` with options builds a new one on every call. */
const digitGroupers = new Map<number, Intl.NumberFormat>();

function groupDigits(value: number, places: number): string {
  let grouper = digitGroupers.get(places);
  if (!grouper) {
    grouper = new Intl.NumberFormat('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
    digitGroupers.set(places, grouper);
  }
  return grouper.format(value);
}
