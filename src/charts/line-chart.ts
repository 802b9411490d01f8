import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';

import {
  baseOption,
  CHART_HEIGHT,
  dateAxis,
  FIRST_GRID_TOP,
  GRID_LEFT,
  GRID_RIGHT,
  lineLegend,
  valueAxis,
  withGaps,
  type ChartOption,
} from './option-parts.ts';
import { chartPalette, seriesColour } from './theme.ts';
import type { LineChartInput, LineSeries } from './types.ts';

/**
 * Builds the ECharts option of a line chart over dates: one plot area,
 * each series a solid line, a dashed line or points, `null` drawn as a gap.
 * Throws when a series is not aligned with the dates.
 */
export function buildLineChartOption(input: LineChartInput): ChartOption {
  checkAlignment(input);

  const palette = chartPalette(input.theme);
  const series = input.series.map((item, index) => lineChartSeries(item, seriesColour(palette, index)));

  return {
    ...baseOption(palette, input.title, input.subtitle),
    legend: [lineLegend(input.series.map((item) => item.name), { right: GRID_RIGHT, top: 22 }, palette)],
    grid: [{ left: GRID_LEFT, right: GRID_RIGHT, top: FIRST_GRID_TOP, height: CHART_HEIGHT - FIRST_GRID_TOP - 60 }],
    xAxis: [dateAxis(input.dates, 0, true, palette)],
    yAxis: [valueAxis(0, palette)],
    series,
  };
}

function lineChartSeries(item: LineSeries, colour: string): LineSeriesOption | ScatterSeriesOption {
  const data = withGaps(item.values);
  if (item.kind === 'scatter') {
    return { type: 'scatter', name: item.name, data, color: colour, symbolSize: 7, z: 4 };
  }

  return {
    type: 'line',
    name: item.name,
    data,
    color: colour,
    showSymbol: false,
    connectNulls: false,
    lineStyle: { color: colour, width: 2, type: item.kind === 'dashed' ? 'dashed' : 'solid' },
    z: 3,
  };
}

function checkAlignment(input: LineChartInput): void {
  if (input.dates.length === 0) {
    throw new RangeError('line chart input has no dates; a line chart needs at least one');
  }

  if (input.series.length === 0) {
    throw new RangeError('line chart input has no series; give at least one');
  }

  for (const item of input.series) {
    if (item.values.length !== input.dates.length) {
      throw new RangeError(
        `line chart series ${JSON.stringify(item.name)} has ${item.values.length} values but there are ${input.dates.length} dates; pad with null to align them`,
      );
    }
  }
}
