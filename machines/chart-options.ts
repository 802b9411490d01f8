/**
 * The periods, intervals and indicators that 技術分析 and 歷史資料 offer,
 * and the rules that reject combinations with too few bars to draw.
 */

export const PERIODS = [
  { value: '1m', label: '1 個月', months: 1 },
  { value: '3m', label: '3 個月', months: 3 },
  { value: '6m', label: '6 個月', months: 6 },
  { value: '1y', label: '1 年', months: 12 },
  { value: '3y', label: '3 年', months: 36 },
  { value: '5y', label: '5 年', months: 60 },
] as const;

/** Only daily, weekly and monthly: the data sources have no intraday history for Taiwan stocks here. */
export const INTERVALS = [
  { value: 'day', label: '日線', tradingDays: 1 },
  { value: 'week', label: '週線', tradingDays: 5 },
  { value: 'month', label: '月線', tradingDays: 21 },
] as const;

export const INDICATORS = [
  { value: 'MACD', label: 'MACD', minBars: 34 },
  { value: 'KD', label: 'KD', minBars: 9 },
  { value: 'RSI', label: 'RSI', minBars: 15 },
  { value: 'BBANDS', label: '布林通道', minBars: 20 },
  { value: 'MA', label: '只看均線', minBars: 5 },
] as const;

export type PeriodValue = (typeof PERIODS)[number]['value'];
export type IntervalValue = (typeof INTERVALS)[number]['value'];
export type IndicatorValue = (typeof INDICATORS)[number]['value'];

/** Fewer bars than this make a chart too short to read a trend from. */
export const MIN_CHART_BARS = 10;

/** About 21 trading days a month on TWSE (about 245 a year). */
const TRADING_DAYS_PER_MONTH = 21;

export function periodOf(value: string) {
  return PERIODS.find((period) => period.value === value);
}

export function intervalOf(value: string) {
  return INTERVALS.find((interval) => interval.value === value);
}

export function indicatorOf(value: string) {
  return INDICATORS.find((indicator) => indicator.value === value);
}

/** Estimates how many bars a period contains at an interval. */
export function estimatedBars(period: PeriodValue, interval: IntervalValue): number {
  const months = periodOf(period)!.months;
  const perBar = intervalOf(interval)!.tradingDays;
  return Math.floor((months * TRADING_DAYS_PER_MONTH) / perBar);
}

/** Finds a choice by its value or by the label the user typed (「1 年」, 「1年」, 「週線」). */
export function matchOption<T extends { value: string; label: string }>(options: readonly T[], input: string): T | undefined {
  const compact = (text: string) => text.replace(/\s+/g, '').toLowerCase();
  const wanted = compact(input);
  return options.find((option) => compact(option.value) === wanted || compact(option.label) === wanted || compact(option.label).replace(/線$/, '') === wanted);
}
