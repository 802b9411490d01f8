import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { createRequire } from 'node:module';

import { buildCandlestickOption } from './candlestick.ts';
import { chartFontFiles, LATIN_FONT_FAMILY } from './fonts.ts';
import { buildLineChartOption } from './line-chart.ts';
import { CHART_HEIGHT, CHART_WIDTH, type ChartOption } from './option-parts.ts';
import type { ChartInput, LineChartInput, RenderedChart } from './types.ts';

/** Width of the preview PNG; LINE limits a preview image to 1 MB. */
export const PREVIEW_WIDTH = 480;

// The single-file CommonJS bundle, not the ESM entry points: loading the
// ESM module graph (hundreds of files) raised the process RSS by about
// 80 MB against about 22 MB for the bundle (Node 24.21, echarts 6.1.0).
const echarts = createRequire(import.meta.url)('echarts') as typeof import('echarts');

/** Renders a candlestick chart (prices, volume, indicator) to a PNG and a preview PNG. */
export async function renderChartPng(input: ChartInput): Promise<RenderedChart> {
  return renderOption(buildCandlestickOption(input));
}

/** Renders a line chart, such as a forecast against actual closes, to a PNG and a preview PNG. */
export async function renderLineChartPng(input: LineChartInput): Promise<RenderedChart> {
  return renderOption(buildLineChartOption(input));
}

/** Returns the SVG text ECharts' server-side renderer draws for `option`. */
export function renderOptionToSvg(option: ChartOption, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Draws the chart's SVG twice with resvg, full size and scaled to the
 * preview width. Both rasterise on libuv's thread pool, but `asPng()`
 * encodes on the calling thread and blocks the event loop for about 13 ms
 * per 1200×900 image (measured on a 2-core x86-64 machine).
 */
async function renderOption(option: ChartOption): Promise<RenderedChart> {
  const svg = renderOptionToSvg(option);
  const background = typeof option.backgroundColor === 'string' ? option.backgroundColor : undefined;

  const [full, preview] = await Promise.all([
    renderAsync(svg, resvgOptions(background, { mode: 'original' })),
    renderAsync(svg, resvgOptions(background, { mode: 'width', value: PREVIEW_WIDTH })),
  ]);

  return {
    png: full.asPng(),
    preview: preview.asPng(),
    width: full.width,
    height: full.height,
    svgBytes: Buffer.byteLength(svg),
  };
}

function resvgOptions(background: string | undefined, fitTo: NonNullable<ResvgRenderOptions['fitTo']>): ResvgRenderOptions {
  return {
    fitTo,
    background,
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: LATIN_FONT_FAMILY,
      sansSerifFamily: LATIN_FONT_FAMILY,
    },
    logLevel: 'off',
  };
}
