/**
 * The content of a chart job's answer: the chart input for the renderer and
 * the zh-TW text beside it, from bars already loaded. Pure, so it is tested without
 * a database or a renderer.
 */
import { isEtfCode } from '../../machines/alert-rules.ts';
import { indicatorOf, intervalOf, periodOf } from '../../machines/chart-options.ts';
import type { ChartRequest } from '../../machines/intents.ts';
import { bbands, formatIndicatorValue, macd, readBbands, readKd, readMacd, readRsi, rsi, sma, stoch } from '../analysis/index.ts';
import { summarize } from '../analysis/summary.ts';
import type { ChartIndicator, ChartInput } from '../charts/types.ts';
import { formatPercent, formatPrice, sharedPricePlaces } from '../line/format.ts';
import type { ChartData } from './chart-data.ts';

const MA_PERIODS = [5, 10, 20, 60];

/**
 * Decimal places of bar prices: the exchanges print 2, and Yahoo's split-adjusted
 * prices carry float noise beyond that (90.800003).
 */
const BAR_DECIMALS = 2;

export interface ChartContent {
  input: ChartInput;
  /** The latest values and a plain reading (技術分析), or the summary (歷史資料). */
  text: string;
}

export function chartTitle(request: ChartRequest): string {
  return `${request.stock.name} ${request.stock.code} ${intervalOf(request.interval)?.label ?? ''}・${periodOf(request.period)?.label ?? ''}`;
}

export function buildChartContent(request: ChartRequest, data: ChartData): ChartContent {
  const closes = data.bars.map((bar) => bar.close);
  const shown = data.bars.slice(data.start);
  const cut = (values: number[]) => values.slice(data.start);
  const basis = basisLabel(data.basis);

  const input: ChartInput = {
    title: chartTitle(request),
    subtitle: `${shown[0]?.date ?? ''} ～ ${shown.at(-1)?.date ?? ''}・${basis}`,
    bars: shown,
    movingAverages: MA_PERIODS.map((period) => ({ period, values: cut(sma(closes, period)) })),
    theme: 'dark',
  };

  if (request.kind === 'history') {
    return { input, text: historyText(request, data) };
  }

  const { indicator, reading } = indicatorFor(request.indicator ?? 'MA', data, cut);
  if (indicator) {
    input.indicator = indicator;
  }
  const latest = shown.at(-1)!;
  const close = formatPrice(latest.close, sharedPricePlaces([latest.close], BAR_DECIMALS, isEtfCode(request.stock.code)));
  const lines = [`${chartTitle(request)}`, `最新收盤 ${close}（${latest.date}）`, ...movingAverageLine(closes), reading].filter(Boolean);
  return { input, text: lines.join('\n') };
}

function indicatorFor(value: string, data: ChartData, cut: (values: number[]) => number[]): { indicator?: ChartIndicator; reading: string } {
  const closes = data.bars.map((bar) => bar.close);
  const label = indicatorOf(value)?.label ?? value;

  switch (value) {
    case 'MACD': {
      const result = macd(closes);
      const reading = readMacd(result);
      return {
        indicator: { kind: 'MACD', macd: cut(result.macd), signal: cut(result.signal), hist: cut(result.histogram) },
        reading: reading ? `${reading.text}；DIF ${formatIndicatorValue(result.macd.at(-1)!)}、MACD ${formatIndicatorValue(result.signal.at(-1)!)}` : `${label} 資料不足`,
      };
    }
    case 'KD': {
      const result = stoch(data.bars.map((bar) => bar.high), data.bars.map((bar) => bar.low), closes);
      const reading = readKd(result);
      return {
        indicator: { kind: 'KD', k: cut(result.slowK), d: cut(result.slowD) },
        reading: reading ? withKd(reading.text, reading.k, reading.d) : `${label} 資料不足`,
      };
    }
    case 'RSI': {
      const values = rsi(closes);
      return { indicator: { kind: 'RSI', rsi: cut(values) }, reading: readRsi(values)?.text ?? `${label} 資料不足` };
    }
    case 'BBANDS': {
      const result = bbands(closes);
      const reading = readBbands(closes, result);
      return {
        indicator: { kind: 'BBANDS', upper: cut(result.upper), middle: cut(result.middle), lower: cut(result.lower) },
        reading: reading ? `${reading.text}（上軌 ${formatIndicatorValue(result.upper.at(-1)!)}、下軌 ${formatIndicatorValue(result.lower.at(-1)!)}）` : `${label} 資料不足`,
      };
    }
    default:
      return { reading: '' };
  }
}

/** Zone readings already name K and D; crosses do not. */
function withKd(text: string, k: number, d: number): string {
  return text.includes('（') ? text : `${text}（K ${formatIndicatorValue(k)}、D ${formatIndicatorValue(d)}）`;
}

function movingAverageLine(closes: number[]): string[] {
  const parts = MA_PERIODS.map((period) => {
    const value = sma(closes, period).at(-1);
    return value === undefined || Number.isNaN(value) ? null : `MA${period} ${formatIndicatorValue(value)}`;
  }).filter((part): part is string => part !== null);
  return parts.length > 0 ? [parts.join('、')] : [];
}

/** Each bar's volume covers its interval, so the average names the unit of time. */
const AVERAGE_VOLUME_LABELS: Record<string, string> = { day: '平均每日成交量', week: '平均每週成交量', month: '平均每月成交量' };

function historyText(request: ChartRequest, data: ChartData): string {
  const summary = summarize(data.bars.slice(data.start));
  const lots = Math.round(summary.averageVolume / 1000).toLocaleString('en-US');
  const places = sharedPricePlaces(
    [summary.firstClose, summary.lastClose, summary.high.value, summary.low.value],
    BAR_DECIMALS,
    isEtfCode(request.stock.code),
  );
  const price = (value: number) => formatPrice(value, places);

  return [
    `${chartTitle(request)} 摘要`,
    `期間：${summary.firstDate} ～ ${summary.lastDate}（${summary.bars} 根 K 棒）`,
    `收盤：${price(summary.firstClose)} → ${price(summary.lastClose)}，報酬 ${formatPercent(summary.returnPercent)}`,
    `最高：${price(summary.high.value)}（${summary.high.date}）`,
    `最低：${price(summary.low.value)}（${summary.low.date}）`,
    `${AVERAGE_VOLUME_LABELS[request.interval] ?? '平均成交量'}：${lots} 張`,
    `價格：${basisLabel(data.basis)}；資料來源：${data.source}`,
  ].join('\n');
}

/**
 * Names the price basis. The source line names only where the bars came
 * from, so the two never repeat or contradict each other. Yahoo's closes
 * are adjusted for splits and stock dividends but not cash dividends, so
 * they are not what Taiwanese investors call 還原權值.
 */
function basisLabel(basis: ChartData['basis']): string {
  return basis === 'adjusted' ? '還原分割價格（未還原現金股利）' : '交易所原始價格（未還原權息）';
}
