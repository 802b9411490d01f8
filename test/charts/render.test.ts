import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { renderChartPng, renderLineChartPng } from '../../src/charts/render.ts';
import type { ChartBar, ChartIndicator, ChartInput, RenderedChart } from '../../src/charts/types.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { marketDataDir } from '../market/data-dir.ts';
import {
  countAwayFrom,
  countDifferent,
  countNear,
  decodePng,
  hasPngSignature,
  hexToRgb,
  readPngSize,
  type DecodedImage,
  type PixelBox,
} from './png.ts';

const DARK_BACKGROUND = hexToRgb('#131722');
const TAIWAN_RED = hexToRgb('#E0313A');
const TAIWAN_GREEN = hexToRgb('#1B9E4B');

const FULL: PixelBox = { x0: 0, y0: 0, x1: 1200, y1: 900 };
// The title sits at the top left; the legend is at the right, outside this box.
const TITLE_AREA: PixelBox = { x0: 0, y0: 0, x1: 420, y1: 52 };
// Inside the price plot area, above the volume bars.
const PRICE_AREA: PixelBox = { x0: 50, y0: 100, x1: 1100, y1: 440 };

/** Reads the 2022 daily bars of 2330 from the recorded Yahoo download. */
function bars2022(): ChartBar[] {
  const text = readFileSync(join(marketDataDir(), 'yahoo-download-2330.TW-1d-2000-2023.csv'), 'utf8');
  return parseYahooCsv(text, '2330')
    .bars.filter((bar) => bar.date.startsWith('2022-'))
    .map(({ date, open, high, low, close, volume }) => ({ date, open, high, low, close, volume }));
}

function simpleAverage(values: number[], period: number): number[] {
  return values.map((_value, index) => {
    if (index + 1 < period) return Number.NaN;
    return values.slice(index + 1 - period, index + 1).reduce((sum, value) => sum + value, 0) / period;
  });
}

/** Indicator-shaped values; the renderer only draws them, so they need not be real MACD or KD. */
function sampleIndicators(closes: number[]): ChartIndicator[] {
  const wave = (scale: number, shift: number) => closes.map((_close, index) => 50 + scale * Math.sin(index / 8 + shift));
  const fast = simpleAverage(closes, 12);
  const slow = simpleAverage(closes, 26);
  const macd = fast.map((value, index) => value - (slow[index] ?? Number.NaN));
  const signal = simpleAverage(macd, 9);
  const middle = simpleAverage(closes, 20);
  return [
    { kind: 'MACD', macd, signal, hist: macd.map((value, index) => value - (signal[index] ?? Number.NaN)) },
    { kind: 'KD', k: wave(40, 0), d: wave(35, -0.5) },
    { kind: 'RSI', rsi: wave(30, 0) },
    { kind: 'BBANDS', upper: middle.map((value) => value * 1.05), middle, lower: middle.map((value) => value * 0.95) },
  ];
}

describe('renderChartPng', () => {
  const bars = bars2022();
  const closes = bars.map((bar) => bar.close);
  const base: ChartInput = {
    title: '台積電 2330 日線 1 年',
    subtitle: '2022-01-03 ~ 2022-12-30',
    bars,
    movingAverages: [5, 10, 20, 60].map((period) => ({ period, values: simpleAverage(closes, period) })),
    theme: 'dark',
  };

  let plain: RenderedChart;
  let plainImage: DecodedImage;

  before(async () => {
    plain = await renderChartPng(base);
    plainImage = decodePng(plain.png);
  });

  it('uses a year of bars', () => {
    assert.ok(bars.length >= 240, `expected about 245 bars in 2022, got ${bars.length}`);
    assert.ok(bars.length <= 250, `expected about 245 bars in 2022, got ${bars.length}`);
  });

  it('returns a 1200×900 PNG', () => {
    assert.equal(hasPngSignature(plain.png), true);
    assert.deepEqual(readPngSize(plain.png), { width: 1200, height: 900 });
    assert.equal(plain.width, 1200);
    assert.equal(plain.height, 900);
    assert.ok(plain.png.length < 10 * 1024 * 1024);
    assert.ok(plain.svgBytes > 10_000, `svgBytes ${plain.svgBytes}`);
  });

  it('returns a 480-wide preview under 1 MB', () => {
    assert.equal(hasPngSignature(plain.preview), true);
    assert.deepEqual(readPngSize(plain.preview), { width: 480, height: 360 });
    assert.ok(plain.preview.length <= 1024 * 1024, `preview is ${plain.preview.length} bytes`);
    assert.ok(plain.preview.length < plain.png.length);
  });

  it('draws over much of the background', () => {
    const drawn = countAwayFrom(plainImage, DARK_BACKGROUND, FULL);
    assert.ok(drawn > 1200 * 900 * 0.05, `only ${drawn} pixels differ from the background`);
  });

  it('draws red and green candles', () => {
    const red = countNear(plainImage, TAIWAN_RED, PRICE_AREA);
    const green = countNear(plainImage, TAIWAN_GREEN, PRICE_AREA);
    assert.ok(red > 500, `red candle pixels: ${red}`);
    assert.ok(green > 500, `green candle pixels: ${green}`);
  });

  it('colours rising red, falling green', async () => {
    const twoBars: ChartBar[] = [
      { date: '2024-01-02', open: 100, high: 112, low: 98, close: 110, volume: 1000 },
      { date: '2024-01-03', open: 110, high: 111, low: 97, close: 99, volume: 1000 },
    ];
    const image = decodePng((await renderChartPng({ title: '漲跌', bars: twoBars, theme: 'dark' })).png);
    const leftHalf: PixelBox = { ...PRICE_AREA, x1: 600 };
    const rightHalf: PixelBox = { ...PRICE_AREA, x0: 600 };

    assert.ok(countNear(image, TAIWAN_RED, leftHalf) > 100, 'rising candle is not red');
    assert.equal(countNear(image, TAIWAN_GREEN, leftHalf), 0);
    assert.ok(countNear(image, TAIWAN_GREEN, rightHalf) > 100, 'falling candle is not green');
    assert.equal(countNear(image, TAIWAN_RED, rightHalf), 0);
  });

  it('draws the Chinese title', () => {
    const drawn = countAwayFrom(plainImage, DARK_BACKGROUND, TITLE_AREA);
    assert.ok(drawn > 400, `only ${drawn} title pixels differ from the background`);
  });

  it('draws distinct Chinese glyphs', async () => {
    // A missing CJK font would draw the same placeholder box for every character.
    const first = decodePng((await renderChartPng({ ...base, title: '台積電', subtitle: '' })).png);
    const second = decodePng((await renderChartPng({ ...base, title: '聯發科', subtitle: '' })).png);
    const different = countDifferent(first, second, TITLE_AREA);
    assert.ok(different > 200, `titles differ in only ${different} pixels`);
  });

  it('renders the light theme', async () => {
    const light = decodePng((await renderChartPng({ ...base, theme: 'light' })).png);
    assert.ok(countNear(light, [255, 255, 255], FULL, 0) > 1200 * 900 * 0.5);
    assert.ok(countNear(light, TAIWAN_RED, PRICE_AREA) > 500);
  });

  for (const indicator of sampleIndicators(closes)) {
    it(`renders the ${indicator.kind} indicator`, async () => {
      const rendered = await renderChartPng({ ...base, indicator });
      assert.deepEqual(readPngSize(rendered.png), { width: 1200, height: 900 });

      const different = countDifferent(decodePng(rendered.png), plainImage, FULL);
      assert.ok(different > 1200 * 900 * 0.005, `${indicator.kind} changes only ${different} pixels`);
    });
  }

  it('rejects misaligned indicator arrays', async () => {
    await assert.rejects(renderChartPng({ ...base, indicator: { kind: 'RSI', rsi: [50, 60] } }), /indicator RSI\.rsi has 2 values/);
  });
});

describe('renderLineChartPng', () => {
  it('renders forecast lines and points', async () => {
    const dates = ['2023-11-09', '2023-11-10', '2023-11-13', '2023-11-14', '2023-11-15'];
    const rendered = await renderLineChartPng({
      title: '台積電 2330 預測',
      dates,
      series: [
        { name: '收盤價', values: [571, 573, 570, 577, null] },
        { name: 'LSTM', values: [null, null, null, 577, 580], kind: 'dashed' },
        { name: '實際', values: [null, null, null, null, 582], kind: 'scatter' },
      ],
      theme: 'dark',
    });

    assert.deepEqual(readPngSize(rendered.png), { width: 1200, height: 900 });
    assert.deepEqual(readPngSize(rendered.preview), { width: 480, height: 360 });

    const image = decodePng(rendered.png);
    assert.ok(countAwayFrom(image, DARK_BACKGROUND, TITLE_AREA) > 300);
    assert.ok(countAwayFrom(image, DARK_BACKGROUND, FULL) > 10_000);
  });
});
