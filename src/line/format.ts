/**
 * Number and time formatting for zh-TW chat text. Every function is pure and
 * returns `—` for a missing (null) or non-finite value, so callers can pass
 * quote fields straight through.
 */

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
 * Formats a price with the source's precision, dropping trailing zeros but
 * keeping at least the places of the TWSE/TPEx stock tick size at that
 * price: 0.01 below 10 and 0.05 below 50 (2 places), 0.1 below 100 and 0.5
 * below 500 (1 place), 1 and 5 from 500 up (0 places). For example 593 →
 * "593", 56.7 → "56.7", 9.5 → "9.50".
 * NOTE: ETFs tick at 0.01 or 0.05 at every price, so an ETF at 150.10 shows
 * as "150.1". The quote does not say which kind of security it is.
 */
export function formatPrice(value: number | null, decimals: number): string {
  if (!isFiniteNumber(value)) {
    return MISSING;
  }

  const sourcePlaces = clampPlaces(decimals);
  const rounded = Number(value.toFixed(sourcePlaces));
  const minPlaces = tickPlaces(Math.abs(rounded));
  const text = rounded.toFixed(Math.max(sourcePlaces, minPlaces));

  return withoutNegativeZero(trimZeros(text, minPlaces));
}

/**
 * Formats a price change with ▲ or ▼ and no sign character: "▲40", "▼1.5",
 * and "0" for no change. `decimals` is the source's precision, which also
 * removes floating-point noise from a computed difference.
 */
export function formatChange(change: number | null, decimals = 2): string {
  if (!isFiniteNumber(change)) {
    return MISSING;
  }

  const direction = changeDirection(change, decimals);
  const magnitude = trimZeros(Math.abs(change).toFixed(clampPlaces(decimals)), 0);
  if (direction === 0) {
    return '0';
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

function tickPlaces(price: number): number {
  if (price < 50) {
    return 2;
  }
  if (price < 500) {
    return 1;
  }
  return 0;
}

/** Removes trailing fractional zeros from a fixed-point string, keeping `minPlaces`. */
function trimZeros(fixed: string, minPlaces: number): string {
  const point = fixed.indexOf('.');
  if (point === -1) {
    return fixed;
  }

  let end = fixed.length;
  while (end > point + 1 + minPlaces && fixed[end - 1] === '0') {
    end -= 1;
  }
  if (end === point + 1) {
    end = point;
  }
  return fixed.slice(0, end);
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
