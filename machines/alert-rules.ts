/**
 * 到價提醒 conditions and the checks on the value a user types. Pure, so
 * the dialogue and the alert job share them.
 */

export const CONDITIONS = [
  { value: 'above', label: '漲破', unit: 'price' },
  { value: 'below', label: '跌破', unit: 'price' },
  { value: 'riseBy', label: '漲幅達', unit: 'percent' },
  { value: 'fallBy', label: '跌幅達', unit: 'percent' },
] as const;

export type AlertCondition = (typeof CONDITIONS)[number]['value'];

/** TWSE and TPEx stop a stock at ±10 % of the previous close. */
export const DAILY_LIMIT_PERCENT = 10;

/** A price target further than this from the current price is almost surely a typo. */
const SANE_RATIO = 3;

export function conditionOf(value: string) {
  return CONDITIONS.find((condition) => condition.value === value || condition.label === value.trim());
}

/**
 * Returns the exchanges' tick size at a price: 0.01 below 10, 0.05 below 50, 0.1
 * below 100, 0.5 below 500, 1 below 1,000 and 5 from 1,000; ETFs trade in
 * 0.01 below 50 and 0.05 from 50.
 */
export function tickSize(price: number, etf: boolean): number {
  if (etf) return price < 50 ? 0.01 : 0.05;
  if (price < 10) return 0.01;
  if (price < 50) return 0.05;
  if (price < 100) return 0.1;
  if (price < 500) return 0.5;
  if (price < 1000) return 1;
  return 5;
}

/** Returns whether a code belongs to an ETF. Taiwanese ETF codes start with 00 (0050, 00878, 00679B), and stock codes never do. */
export function isEtfCode(code: string): boolean {
  return code.startsWith('00');
}

/**
 * Parses what the user typed: full-width digits, a leading sign and a trailing
 * % or 元 are accepted. Negative numbers parse, so the caller can reject them
 * by value instead of as text that is not a number.
 */
export function parseNumber(text: string): number | null {
  const normalized = text
    .trim()
    .replace(/[０-９．]/g, (char) => (char === '．' ? '.' : String.fromCharCode(char.charCodeAt(0) - 0xfee0)))
    .replace(/^[－−]/, '-')
    .replace(/^＋/, '+')
    .replace(/[%％元]$/, '')
    .replace(/,/g, '')
    .trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(normalized)) {
    return null;
  }
  return Number(normalized);
}

export type ValueCheck = { ok: true; value: number } | { ok: false; reason: string };

/** Checks a typed alert value against the condition and the stock's current price. */
export function checkAlertValue(condition: AlertCondition, text: string, reference: { price: number; etf: boolean } | null): ValueCheck {
  const percent = condition === 'riseBy' || condition === 'fallBy';
  const value = parseNumber(text);
  if (value === null) {
    // Listed prices run from a few 元 to thousands, so no one price example fits and a price gets none.
    const expected = percent ? '請輸入百分比數字，例如 3。' : '請直接輸入價格數字（元）。';
    return { ok: false, reason: `「${text.trim().slice(0, 20)}」不是數字，${expected}` };
  }
  if (value <= 0) {
    return { ok: false, reason: percent ? '請輸入大於 0 的百分比，例如 3。' : '請輸入大於 0 的價格。' };
  }

  if (percent) {
    if (value > DAILY_LIMIT_PERCENT) {
      return { ok: false, reason: `台股單日漲跌幅上限是 ${DAILY_LIMIT_PERCENT}%，請輸入 0 到 ${DAILY_LIMIT_PERCENT} 之間的百分比。` };
    }
    if (!/^\d+(\.\d{1,2})?$/.test(String(value))) {
      return { ok: false, reason: '百分比最多到小數第 2 位，例如 3.5。' };
    }
    return { ok: true, value };
  }

  if (reference === null) {
    return { ok: false, reason: '目前取得不到這檔股票的報價，無法檢查價格，請稍後再試。' };
  }
  if (value > reference.price * SANE_RATIO || value < reference.price / SANE_RATIO) {
    return { ok: false, reason: `目前價格約 ${reference.price}，${value} 差距太大，請確認後再輸入。` };
  }
  const tick = tickSize(value, reference.etf);
  const ticks = value / tick;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6) {
    return { ok: false, reason: `${value} 不在這個價位的跳動單位上（每檔 ${tick} 元），請輸入像 ${roundToTick(value, tick)} 這樣的價格。` };
  }
  if (condition === 'above' && value <= reference.price) {
    return { ok: false, reason: `目前價格約 ${reference.price}，已經在 ${value} 以上了，請輸入更高的價格。` };
  }
  if (condition === 'below' && value >= reference.price) {
    return { ok: false, reason: `目前價格約 ${reference.price}，已經在 ${value} 以下了，請輸入更低的價格。` };
  }
  return { ok: true, value };
}

/** Checks whether an alert's condition is met by a quote. */
export function isTriggered(condition: AlertCondition, value: number, price: number, previousClose: number | null): boolean {
  switch (condition) {
    case 'above':
      return price >= value;
    case 'below':
      return price <= value;
    case 'riseBy':
      return previousClose !== null && previousClose > 0 && ((price - previousClose) / previousClose) * 100 >= value;
    case 'fallBy':
      return previousClose !== null && previousClose > 0 && ((previousClose - price) / previousClose) * 100 >= value;
  }
}

/** Describes the alert in one zh-TW phrase, such as 台積電 2330 漲破 600 元 or 跌幅達 3%. */
export function describeAlert(name: string, code: string, condition: AlertCondition, value: number): string {
  const label = conditionOf(condition)!.label;
  const amount = condition === 'riseBy' || condition === 'fallBy' ? `${value}%` : `${value} 元`;
  return `${name} ${code} ${label} ${amount}`;
}

/** LINE allows at most 20 characters in a quick-reply label. */
const MAX_LABEL_LENGTH = 20;

/**
 * Labels the delete button of the alert listed as `position`, such as
 * 刪除 1. 台積電 漲破 2600, shortening the name so that the condition fits.
 */
export function deleteAlertLabel(position: number, name: string, condition: AlertCondition, value: number): string {
  const amount = condition === 'riseBy' || condition === 'fallBy' ? `${value}%` : String(value);
  const prefix = `刪除 ${position}. `;
  const suffix = ` ${conditionOf(condition)!.label} ${amount}`;
  const room = MAX_LABEL_LENGTH - [...prefix].length - [...suffix].length;
  const shortName = [...name].slice(0, Math.max(room, 1)).join('');
  return [...`${prefix}${shortName}${suffix}`].slice(0, MAX_LABEL_LENGTH).join('');
}

function roundToTick(value: number, tick: number): number {
  return Number((Math.round(value / tick) * tick).toFixed(2));
}
