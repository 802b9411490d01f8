import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';

import { valueAxis, withGaps, type YAxisOption } from './option-parts.ts';
import { seriesColour, type ChartPalette } from './theme.ts';
import type { ChartIndicator } from './types.ts';

type PanelIndicator = Exclude<ChartIndicator, { kind: 'BBANDS' }>;

/** Series, y-axis and legend entries of an indicator's own plot area. */
export interface IndicatorPanel {
  series: (LineSeriesOption | BarSeriesOption)[];
  yAxis: YAxisOption;
  legendNames: string[];
}

/** Returns whether the indicator is drawn in a plot area of its own, below the volume. */
export function hasOwnPanel(indicator: ChartIndicator | undefined): indicator is PanelIndicator {
  return indicator !== undefined && indicator.kind !== 'BBANDS';
}

/** Returns the value arrays of an indicator by field name, for length checks. */
export function indicatorArrays(indicator: ChartIndicator): Record<string, number[]> {
  switch (indicator.kind) {
    case 'MACD':
      return { macd: indicator.macd, signal: indicator.signal, hist: indicator.hist };
    case 'KD':
      return { k: indicator.k, d: indicator.d };
    case 'RSI':
      return { rsi: indicator.rsi };
    case 'BBANDS':
      return { upper: indicator.upper, middle: indicator.middle, lower: indicator.lower };
  }
}

/**
 * Builds the plot area of MACD, KD or RSI on the axes `gridIndex`. Names
 * follow Taiwanese broker screens: MACD shows DIF (fast minus slow EMA),
 * MACD (the signal line) and OSC (their difference, as bars).
 */
export function indicatorPanel(indicator: PanelIndicator, gridIndex: number, palette: ChartPalette): IndicatorPanel {
  switch (indicator.kind) {
    case 'MACD':
      return {
        series: [
          histogramSeries('OSC', indicator.hist, gridIndex, palette),
          indicatorLine('DIF', indicator.macd, gridIndex, seriesColour(palette, 0)),
          indicatorLine('MACD', indicator.signal, gridIndex, seriesColour(palette, 1)),
        ],
        yAxis: valueAxis(gridIndex, palette, { splitNumber: 3 }),
        legendNames: ['DIF', 'MACD'],
      };
    case 'KD':
      return {
        series: [
          { ...indicatorLine('K', indicator.k, gridIndex, seriesColour(palette, 0)), markLine: guideLines([80, 20], palette) },
          indicatorLine('D', indicator.d, gridIndex, seriesColour(palette, 1)),
        ],
        yAxis: valueAxis(gridIndex, palette, { min: 0, max: 100, splitNumber: 2 }),
        legendNames: ['K', 'D'],
      };
    case 'RSI':
      return {
        series: [{ ...indicatorLine('RSI', indicator.rsi, gridIndex, seriesColour(palette, 2)), markLine: guideLines([70, 30], palette) }],
        yAxis: valueAxis(gridIndex, palette, { min: 0, max: 100, splitNumber: 2 }),
        legendNames: ['RSI'],
      };
  }
}

/** Returns the Bollinger band lines, drawn over the candles of plot area 0. */
export function bollingerSeries(
  indicator: Extract<ChartIndicator, { kind: 'BBANDS' }>,
  palette: ChartPalette,
): LineSeriesOption[] {
  const colour = seriesColour(palette, 5);
  return [
    { ...indicatorLine('布林上軌', indicator.upper, 0, colour), lineStyle: { color: colour, width: 1.2, type: 'dashed' } },
    { ...indicatorLine('布林中軌', indicator.middle, 0, colour), lineStyle: { color: colour, width: 1.2 } },
    { ...indicatorLine('布林下軌', indicator.lower, 0, colour), lineStyle: { color: colour, width: 1.2, type: 'dashed' } },
  ];
}

/** Returns a thin line without point symbols; `NaN` values become gaps. */
export function indicatorLine(name: string, values: number[], gridIndex: number, colour: string): LineSeriesOption {
  return {
    type: 'line',
    name,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    data: withGaps(values),
    showSymbol: false,
    connectNulls: false,
    color: colour,
    lineStyle: { color: colour, width: 1.5 },
    z: 3,
  };
}

function histogramSeries(name: string, values: number[], gridIndex: number, palette: ChartPalette): BarSeriesOption {
  return {
    type: 'bar',
    name,
    xAxisIndex: gridIndex,
    yAxisIndex: gridIndex,
    barWidth: '60%',
    data: withGaps(values).map((value) =>
      value === null ? null : { value, itemStyle: { color: value >= 0 ? palette.up : palette.down } },
    ),
  };
}

function guideLines(levels: number[], palette: ChartPalette): LineSeriesOption['markLine'] {
  return {
    silent: true,
    symbol: 'none',
    label: { show: true, position: 'insideEndTop', color: palette.guide, fontSize: 11 },
    lineStyle: { color: palette.guide, type: 'dashed', width: 1 },
    data: levels.map((level) => ({ yAxis: level })),
  };
}
