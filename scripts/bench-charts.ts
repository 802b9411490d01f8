/**
 * Measures chart rendering: one year of 2330 daily bars with moving
 * averages, volume and MACD, rendered to PNG and preview after a warm-up.
 * Prints median/min/max time per chart, image sizes and peak memory, and
 * saves the last chart to test-artifacts/chart-sample.png for a visual check.
 *
 * Usage: node scripts/bench-charts.ts [iterations]   (default 15, at least 10)
 * Reads the recorded Yahoo CSV from MARKET_DATA_DIR or shared/market-data.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { buildCandlestickOption } from '../src/charts/candlestick.ts';
import { renderChartPng, renderOptionToSvg } from '../src/charts/render.ts';
import type { ChartBar, ChartInput, RenderedChart } from '../src/charts/types.ts';
import { parseYahooCsv } from '../src/market/parse/yahoo-csv.ts';
import { marketDataDir } from '../test/market/data-dir.ts';

const WARM_UP_RENDERS = 3;
const MEGABYTE = 1024 * 1024;

const iterations = Math.max(10, Number(process.argv[2] ?? 15) || 15);
const outputDir = resolve(import.meta.dirname, '..', 'test-artifacts');

function loadLastYear(): ChartBar[] {
  const text = readFileSync(join(marketDataDir(), 'yahoo-download-2330.TW-1d-2000-2023.csv'), 'utf8');
  const bars = parseYahooCsv(text, '2330').bars.slice(-245);
  return bars.map(({ date, open, high, low, close, volume }) => ({ date, open, high, low, close, volume }));
}

function simpleAverage(values: number[], period: number): number[] {
  return values.map((_value, index) => {
    if (index + 1 < period) return Number.NaN;
    return values.slice(index + 1 - period, index + 1).reduce((sum, value) => sum + value, 0) / period;
  });
}

// Seeded with the first value rather than TA-Lib's SMA seed: close enough for a drawing benchmark.
function exponentialAverage(values: number[], period: number): number[] {
  const weight = 2 / (period + 1);
  let average = Number.NaN;
  return values.map((value, index) => {
    average = index === 0 ? value : average + weight * (value - average);
    return average;
  });
}

function buildInput(bars: ChartBar[]): ChartInput {
  const closes = bars.map((bar) => bar.close);
  const fast = exponentialAverage(closes, 12);
  const slow = exponentialAverage(closes, 26);
  const macd = fast.map((value, index) => value - (slow[index] ?? Number.NaN));
  const signal = exponentialAverage(macd, 9);
  const first = bars[0]?.date ?? '';
  const last = bars.at(-1)?.date ?? '';

  return {
    title: '台積電 2330 日線 1 年',
    subtitle: `${first} ~ ${last}　還原股價`,
    bars,
    movingAverages: [5, 10, 20, 60].map((period) => ({ period, values: simpleAverage(closes, period) })),
    indicator: { kind: 'MACD', macd, signal, hist: macd.map((value, index) => value - (signal[index] ?? Number.NaN)) },
    theme: 'dark',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function formatMs(values: number[]): string {
  return `median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
}

const input = buildInput(loadLastYear());

for (let index = 0; index < WARM_UP_RENDERS; index += 1) {
  await renderChartPng(input);
}

const totalTimes: number[] = [];
const svgTimes: number[] = [];
let peakHeap = 0;
let peakRss = 0;
let last: RenderedChart | undefined;

for (let index = 0; index < iterations; index += 1) {
  const svgStart = performance.now();
  renderOptionToSvg(buildCandlestickOption(input));
  svgTimes.push(performance.now() - svgStart);

  const start = performance.now();
  last = await renderChartPng(input);
  totalTimes.push(performance.now() - start);

  const memory = process.memoryUsage();
  peakHeap = Math.max(peakHeap, memory.heapUsed);
  peakRss = Math.max(peakRss, memory.rss);
}

if (last === undefined) {
  throw new Error('no chart was rendered');
}

mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, 'chart-sample.png'), last.png);
writeFileSync(join(outputDir, 'chart-sample-preview.png'), last.preview);

// maxRSS is in kibibytes and covers the whole process life, including warm-up.
const maxRss = process.resourceUsage().maxRSS * 1024;

console.log(`bars: ${input.bars.length}, panels: price+MA, volume, MACD, iterations: ${iterations} after ${WARM_UP_RENDERS} warm-up renders`);
console.log(`renderChartPng: ${formatMs(totalTimes)}`);
console.log(`  of which ECharts SVG (measured separately): ${formatMs(svgTimes)}`);
console.log(`png: ${last.width}x${last.height}, ${(last.png.length / 1024).toFixed(1)} KiB; preview ${(last.preview.length / 1024).toFixed(1)} KiB; svg ${(last.svgBytes / 1024).toFixed(1)} KiB`);
console.log(`memory: peak RSS ${(Math.max(peakRss, maxRss) / MEGABYTE).toFixed(1)} MB, peak heap used ${(peakHeap / MEGABYTE).toFixed(1)} MB`);
console.log(`saved ${join(outputDir, 'chart-sample.png')}`);
