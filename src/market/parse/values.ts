import { MarketDataError } from '../types.ts';

/**
 * Cells that mean "no value": TWSE, TPEx and MIS write dashes for a price on
 * a day without trades, and Yahoo CSVs write `null`.
 */
const EMPTY_CELLS = new Set(['', '-', '--', '---', 'null']);

const DECIMAL_PATTERN = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * Parses an exchange number string such as `30,868,640`, `+0.50`, ` 0.00` or
 * `593.0000`. Returns null for the exchange's empty placeholders (`--`,
 * `---`, `-`, `null`, empty) and throws for anything else that is not a number.
 */
export function parseDecimal(text: string, field: string): number | null {
  const cleaned = text.trim().replaceAll(',', '');
  if (EMPTY_CELLS.has(cleaned)) {
    return null;
  }

  if (!DECIMAL_PATTERN.test(cleaned)) {
    throw new MarketDataError('malformed', `invalid number ${JSON.stringify(text)} in ${field}`);
  }

  return Number(cleaned);
}

/** Like `parseDecimal`, but a placeholder is also rejected. */
export function parseRequiredDecimal(text: string, field: string): number {
  const value = parseDecimal(text, field);
  if (value === null) {
    throw new MarketDataError('malformed', `missing number in ${field}`);
  }

  return value;
}

/** Returns how many decimal places a number string was written with: `146.50` gives 2. */
export function countDecimals(text: string): number {
  const dot = text.trim().indexOf('.');
  return dot === -1 ? 0 : text.trim().length - dot - 1;
}

/** Returns the most decimal places among price strings; placeholders such as `--` count as 0. */
export function maxDecimals(texts: readonly string[]): number {
  return texts.reduce((max, text) => Math.max(max, countDecimals(text)), 0);
}

/**
 * Returns the decimal places worth showing for MIS prices. MIS pads every
 * price to 4 places (`593.0000`), so trailing zeros are dropped, but never
 * below the 2 places that TWSE itself prints.
 */
export function countSignificantDecimals(text: string, minimum: number): number {
  const trimmed = text.trim();
  const dot = trimmed.indexOf('.');
  if (dot === -1) {
    return minimum;
  }

  const fraction = trimmed.slice(dot + 1).replace(/0+$/, '');
  return Math.max(minimum, fraction.length);
}

/** Rounds away binary floating-point noise, for example 543 − 40.00000001. */
export function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * Parses a signed change cell such as `+0.50`, `-1.00`, ` 0.00` or `0.40`.
 * Returns null when the exchange made no comparison: a leading `X` means
 * 不比價 (for example after an ex-dividend adjustment), and TPEx writes
 * `除息`, `除權` or `除權息` on ex-right days.
 */
export function parseSignedChange(text: string, field: string): number | null {
  const trimmed = text.trim();
  if (trimmed.startsWith('X') || trimmed.startsWith('除')) {
    return null;
  }

  return parseDecimal(trimmed, field);
}

/**
 * Parses MI_INDEX's split change: a sign cell holding HTML such as
 * `<p style= color:red>+</p>`, `<p style= color:green>-</p>`, `<p>X</p>` or
 * `<p> </p>`, and an unsigned amount. Returns null for X (不比價).
 */
export function parseHtmlSignedChange(signHtml: string, amountText: string, field: string): number | null {
  const sign = signHtml.replace(/<[^>]*>/g, '').trim();
  if (sign === 'X') {
    return null;
  }

  const amount = parseDecimal(amountText, field);
  if (amount === null) {
    return null;
  }

  if (sign === '-') {
    return -Math.abs(amount);
  }

  if (sign === '+' || sign === '') {
    return Math.abs(amount);
  }

  throw new MarketDataError('malformed', `invalid change sign ${JSON.stringify(signHtml)} in ${field}`);
}
