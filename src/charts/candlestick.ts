import type { BarSeriesOption, CandlestickSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TitleComponentOption } from 'echarts/components';

import { bollingerSeries, hasOwnPanel, indicatorArrays, indicatorLine, indicatorPanel } from './indicator-series.ts';
import { CHART_FONT_STACK } from './fonts.ts';
import {
  baseOption,
  CHART_HEIGHT,
  dateAxis,
  FIRST_GRID_TOP,
  formatCompactCount,
  GRID_LEFT,
  GRID_RIGHT,
  lineLegend,
  panelLabel,
  valueAxis,
  type ChartOption,
  type XAxisOption,
  type YAxisOption,
} from './option-parts.ts';
import { chartPalette, seriesColour, type ChartPalette } from './theme.ts';
import type { ChartBar, ChartInput } from './types.ts';

/** Vertical placement of one plot area, in pixels from the top. */
interface PanelBox {
  top: number;
  height: number;
}

/** Space below the bottom plot area for the date labels. */
const DATE_LABEL_SPACE = 44;

/** Gap between plot areas, holding each area's label. */
const PANEL_GAP = 26;

/** Bars carry shares, and volume is drawn in lots (張), the unit that Taiwanese quotes use. */
const SHARES_PER_LOT = 1000;
const VOLUME_LABEL = '成交量（張）';

/**
 * Builds the ECharts option of a candlestick chart: prices with moving
 * averages (and Bollinger bands) on top, volume in lots below, and a MACD,
 * KD or RSI plot area at the bottom when one is asked for. A line without
 * a single value in the shown bars (MA60 over 53 weekly bars) is left out,
 * legend entry included. Throws when an array is not aligned with the bars.
 */
export function buildCandlestickOption(input: ChartInput): ChartOption {
  checkAlignment(input);

  const palette = chartPalette(input.theme);
  const dates = input.bars.map((bar) => bar.date);
  const indicator = input.indicator;
  const boxes = panelBoxes(hasOwnPanel(indicator) ? 3 : 2);
  const lastIndex = boxes.length - 1;

  // Each average keeps the colour of its position, so MA5 looks the same whether or not MA60 is drawn.
  const averages = (input.movingAverages ?? [])
    .map((average, index) => indicatorLine(`MA${average.period}`, average.values, 0, seriesColour(palette, index)))
    .filter(hasValues);
  const series: (CandlestickSeriesOption | BarSeriesOption | LineSeriesOption)[] = [
    candleSeries(input.bars, palette),
    ...averages,
    volumeSeries(input.bars, palette),
  ];
  // Volume bars start at zero, because a scaled axis (a monthly chart's began at 30萬) makes small volumes look like none.
  const yAxes: YAxisOption[] = [valueAxis(0, palette), valueAxis(1, palette, { min: 0, splitNumber: 2, formatter: formatCompactCount })];
  const titles: TitleComponentOption[] = [panelLabel(VOLUME_LABEL, boxes[1]?.top ?? 0, palette)];

  if (indicator?.kind === 'BBANDS') {
    series.push(...bollingerSeries(indicator, palette).filter(hasValues));
  }

  const legends: LegendComponentOption[] = [];
  const priceLegendNames = series.filter((item) => item.type === 'line').map((item) => String(item.name));
  if (priceLegendNames.length > 0) {
    legends.push(lineLegend(priceLegendNames, { right: GRID_RIGHT, top: 22 }, palette));
  }

  if (hasOwnPanel(indicator)) {
    const panel = indicatorPanel(indicator, 2, palette);
    const top = boxes[2]?.top ?? 0;
    series.push(...panel.series);
    yAxes.push(panel.yAxis);
    titles.push(panelLabel(indicator.kind, top, palette));
    const drawn = panel.legendNames.filter((name) => panel.series.some((item) => item.name === name && item.type === 'line' && hasValues(item)));
    legends.push(lineLegend(drawn, { left: GRID_LEFT + 52, top: top + 5 }, palette));

    // An empty panel looks like a rendering fault, so a note in it gives the reason.
    if (drawn.length === 0) {
      titles.push(emptyPanelNote(`K 棒太少，無法計算 ${indicator.kind}`, top + (boxes[2]?.height ?? 0) / 2 - 8, palette));
    }
  }

  const base = baseOption(palette, input.title, input.subtitle);
  const baseTitles = Array.isArray(base.title) ? base.title : [];
  return {
    ...base,
    title: [...baseTitles, ...titles],
    legend: legends,
    grid: boxes.map((box): GridComponentOption => ({ left: GRID_LEFT, right: GRID_RIGHT, top: box.top, height: box.height })),
    xAxis: boxes.map((_box, index): XAxisOption => dateAxis(dates, index, index === lastIndex, palette)),
    yAxis: yAxes,
    series,
  };
}

/**
 * Returns whether ECharts draws bar `index` as rising, by its rule: close
 * above open rises, below falls, and an unchanged bar (doji) rises unless
 * it closed below the previous close.
 */
export function isRisingBar(bars: readonly ChartBar[], index: number): boolean {
  const bar = bars[index];
  if (bar === undefined) {
    throw new RangeError(`bar index ${index} is outside 0..${bars.length - 1}`);
  }

  if (bar.close !== bar.open) {
    return bar.close > bar.open;
  }

  const previous = bars[index - 1];
  return previous === undefined || previous.close <= bar.close;
}

/** Splits the drawing height among the plot areas: prices get the most, volume the least. */
function panelBoxes(count: 2 | 3): PanelBox[] {
  const available = CHART_HEIGHT - FIRST_GRID_TOP - DATE_LABEL_SPACE - PANEL_GAP * (count - 1);
  const shares = count === 2 ? [0.74, 0.26] : [0.58, 0.19, 0.23];

  const boxes: PanelBox[] = [];
  let top = FIRST_GRID_TOP;
  for (const share of shares) {
    const height = Math.floor(available * share);
    boxes.push({ top, height });
    top += height + PANEL_GAP;
  }

  return boxes;
}

function candleSeries(bars: readonly ChartBar[], palette: ChartPalette): CandlestickSeriesOption {
  return {
    type: 'candlestick',
    name: 'K線',
    xAxisIndex: 0,
    yAxisIndex: 0,
    barMaxWidth: 14,
    // ECharts' candlestick value order is [open, close, lowest, highest].
    data: bars.map((bar) => [bar.open, bar.close, bar.low, bar.high]),
    itemStyle: { color: palette.up, color0: palette.down, borderColor: palette.up, borderColor0: palette.down },
  };
}

function volumeSeries(bars: readonly ChartBar[], palette: ChartPalette): BarSeriesOption {
  return {
    type: 'bar',
    name: VOLUME_LABEL,
    xAxisIndex: 1,
    yAxisIndex: 1,
    barMaxWidth: 14,
    data: bars.map((bar, index) => ({
      value: bar.volume / SHARES_PER_LOT,
      itemStyle: { color: isRisingBar(bars, index) ? palette.up : palette.down },
    })),
  };
}

/** Returns whether a line has at least one point to draw; `withGaps` turned the missing ones into null. */
function emptyPanelNote(text: string, top: number, palette: ChartPalette): TitleComponentOption {
  return { text, left: 'center', top, textStyle: { fontFamily: CHART_FONT_STACK, fontSize: 15, fontWeight: 'normal', color: palette.mutedText } };
}

function hasValues(line: LineSeriesOption): boolean {
  return Array.isArray(line.data) && line.data.some((value) => typeof value === 'number');
}

function checkAlignment(input: ChartInput): void {
  const length = input.bars.length;
  if (length === 0) {
    throw new RangeError('chart input has no bars; a candlestick chart needs at least one');
  }

  const arrays: [string, unknown[]][] = (input.movingAverages ?? []).map((average) => [`movingAverages MA${average.period}`, average.values]);
  if (input.indicator !== undefined) {
    for (const [field, values] of Object.entries(indicatorArrays(input.indicator))) {
      arrays.push([`indicator ${input.indicator.kind}.${field}`, values]);
    }
  }

  for (const [name, values] of arrays) {
    if (values.length !== length) {
      throw new RangeError(`chart input ${name} has ${values.length} values but there are ${length} bars; pad with NaN to align them`);
    }
  }
}
