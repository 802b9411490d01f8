import type { BarSeriesOption, CandlestickSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

import { CHART_FONT_STACK, TITLE_FONT_STACK } from './fonts.ts';
import type { ChartPalette } from './theme.ts';

/** The ECharts option shape for the series and components the charts use. */
export type ChartOption = ComposeOption<
  | CandlestickSeriesOption
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
>;

/** One x-axis or y-axis entry of a `ChartOption`. */
export type XAxisOption = Exclude<NonNullable<ChartOption['xAxis']>, unknown[]>;
export type YAxisOption = Exclude<NonNullable<ChartOption['yAxis']>, unknown[]>;

/** Size of every rendered chart in pixels; LINE shows images up to 10 MB. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 900;

/** Horizontal margins of every plot area; y-axis labels sit in the right one. */
export const GRID_LEFT = 44;
export const GRID_RIGHT = 80;

/** Top edge of the first plot area, below the title block. */
export const FIRST_GRID_TOP = 84;

/**
 * Returns the option fields every chart shares: background, text font, no
 * animation (a server render takes its first frame) and the title block.
 */
export function baseOption(palette: ChartPalette, title: string, subtitle: string | undefined): ChartOption {
  return {
    animation: false,
    backgroundColor: palette.background,
    textStyle: { fontFamily: CHART_FONT_STACK, color: palette.text },
    title: [
      {
        text: title,
        subtext: subtitle ?? '',
        left: GRID_LEFT,
        top: 14,
        itemGap: 6,
        textStyle: { fontFamily: TITLE_FONT_STACK, fontSize: 26, fontWeight: 'bold', color: palette.text },
        subtextStyle: { fontFamily: CHART_FONT_STACK, fontSize: 15, color: palette.mutedText },
      },
    ],
  };
}

/** Returns a small label in the top-left corner of a plot area, such as 成交量. */
export function panelLabel(text: string, top: number, palette: ChartPalette): TitleComponentOption {
  return {
    text,
    left: GRID_LEFT + 6,
    top: top + 4,
    textStyle: { fontFamily: CHART_FONT_STACK, fontSize: 13, fontWeight: 'normal', color: palette.mutedText },
  };
}

/** Returns a legend of the named series, drawn as short lines. */
export function lineLegend(names: string[], position: LegendComponentOption, palette: ChartPalette): LegendComponentOption {
  return {
    ...position,
    data: names,
    icon: 'rect',
    itemWidth: 16,
    itemHeight: 3,
    itemGap: 14,
    textStyle: { fontFamily: CHART_FONT_STACK, fontSize: 13, color: palette.text },
  };
}

/**
 * Returns a category x-axis of `dates` for the plot area `gridIndex`. Only
 * the bottom plot area shows the dates; the others share its scale.
 */
export function dateAxis(dates: string[], gridIndex: number, showLabels: boolean, palette: ChartPalette): XAxisOption {
  return {
    type: 'category',
    gridIndex,
    data: dates,
    boundaryGap: true,
    axisLine: { lineStyle: { color: palette.axisLine } },
    axisTick: { show: showLabels, alignWithLabel: true, lineStyle: { color: palette.axisLine } },
    axisLabel: { show: showLabels, color: palette.mutedText, fontSize: 13, hideOverlap: true, margin: 10 },
    splitLine: { show: false },
  };
}

/** Options of a value y-axis beyond its plot area. */
export interface ValueAxisSettings {
  min?: number;
  max?: number;
  splitNumber?: number;
  formatter?: (value: number) => string;
}

/** Returns a value y-axis on the right of plot area `gridIndex`. */
export function valueAxis(gridIndex: number, palette: ChartPalette, settings: ValueAxisSettings = {}): YAxisOption {
  const fixedRange = settings.min !== undefined || settings.max !== undefined;
  return {
    type: 'value',
    gridIndex,
    position: 'right',
    scale: !fixedRange,
    min: settings.min,
    max: settings.max,
    splitNumber: settings.splitNumber ?? 5,
    axisLine: { show: false },
    axisTick: { show: false },
    axisLabel: { color: palette.mutedText, fontSize: 12, formatter: settings.formatter },
    splitLine: { lineStyle: { color: palette.splitLine } },
  };
}

/** Returns the values with every non-finite number as `null`, which ECharts draws as a gap. */
export function withGaps(values: readonly (number | null)[]): (number | null)[] {
  return values.map((value) => (value === null || !Number.isFinite(value) ? null : value));
}

/**
 * Formats a large count the way Taiwanese quotes do: 萬 is 10^4 and 億 is
 * 10^8, so 25,300,000 becomes `2530萬`.
 */
export function formatCompactCount(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e8) {
    return `${trimDecimals(value / 1e8)}億`;
  }

  if (magnitude >= 1e4) {
    return `${trimDecimals(value / 1e4)}萬`;
  }

  return String(value);
}

function trimDecimals(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : String(Number(value.toFixed(1)));
}
