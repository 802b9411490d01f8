import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildCandlestickOption, isRisingBar } from '../../src/charts/candlestick.ts';
import { buildLineChartOption } from '../../src/charts/line-chart.ts';
import { formatCompactCount } from '../../src/charts/option-parts.ts';
import type { ChartBar, ChartInput } from '../../src/charts/types.ts';

// The option is plain data; these loose views keep the assertions short.
type Loose = Record<string, any>;

const BARS: ChartBar[] = [
  { date: '2024-01-02', open: 10, high: 12, low: 9, close: 11, volume: 1000 },
  { date: '2024-01-03', open: 11, high: 11.5, low: 9.5, close: 10, volume: 2000 },
  { date: '2024-01-04', open: 10, high: 10.5, low: 9.8, close: 10, volume: 3000 },
  { date: '2024-01-05', open: 9.5, high: 9.9, low: 9.1, close: 9.5, volume: 4000 },
];

function build(extra: Partial<ChartInput> = {}): Loose {
  return buildCandlestickOption({ title: '測試 0000', bars: BARS, theme: 'dark', ...extra }) as Loose;
}

function seriesNamed(option: Loose, name: string): Loose {
  const found = (option['series'] as Loose[]).find((item) => item['name'] === name);
  assert.ok(found, `no series named ${name}`);
  return found;
}

describe('buildCandlestickOption', () => {
  it('orders candle values open-close-low-high', () => {
    const candles = seriesNamed(build(), 'K線');
    assert.equal(candles['type'], 'candlestick');
    assert.deepEqual(candles['data'][0], [10, 11, 9, 12]);
    assert.deepEqual(candles['data'][1], [11, 10, 9.5, 11.5]);
  });

  it('colours rising red, falling green', () => {
    const style = seriesNamed(build(), 'K線')['itemStyle'];
    assert.equal(style['color'], '#E0313A');
    assert.equal(style['borderColor'], '#E0313A');
    assert.equal(style['color0'], '#1B9E4B');
    assert.equal(style['borderColor0'], '#1B9E4B');
  });

  it('colours volume like its candle', () => {
    const volume = seriesNamed(build(), '成交量（張）')['data'] as Loose[];
    assert.deepEqual(
      volume.map((item) => [item['value'], item['itemStyle']['color']]),
      [
        [1, '#E0313A'],
        [2, '#1B9E4B'],
        // Unchanged at 10 after a close of 10: rising by ECharts' rule.
        [3, '#E0313A'],
        // Unchanged at 9.5 after a close of 10: falling.
        [4, '#1B9E4B'],
      ],
    );
  });

  it('draws volume in lots', () => {
    const option = build({ bars: BARS.map((bar) => ({ ...bar, volume: bar.volume * 25_300 })) });
    const volume = seriesNamed(option, '成交量（張）')['data'] as Loose[];
    assert.deepEqual(volume.map((item) => item['value']), [25_300, 50_600, 75_900, 101_200]);
    assert.equal(option['yAxis'][1]['axisLabel']['formatter'](50_000), '5萬');
  });

  it('starts the volume axis at zero', () => {
    const option = build({ bars: BARS.map((bar) => ({ ...bar, volume: bar.volume * 300_000 })) });
    assert.equal(option['yAxis'][1]['min'], 0);
    assert.equal(option['yAxis'][1]['scale'], false);
  });

  it('labels the volume unit', () => {
    const labels = (build()['title'] as Loose[]).map((title) => title['text']);
    assert.ok(labels.includes('成交量（張）'), labels.join(', '));
  });

  it('treats a first doji as rising', () => {
    assert.equal(isRisingBar([{ date: 'd', open: 5, high: 5, low: 5, close: 5, volume: 0 }], 0), true);
  });

  it('draws NaN averages as gaps', () => {
    const option = build({ movingAverages: [{ period: 2, values: [Number.NaN, 10.5, 10, 9.75] }] });
    assert.deepEqual(seriesNamed(option, 'MA2')['data'], [null, 10.5, 10, 9.75]);
  });

  it('leaves out averages without values', () => {
    const nan = Number.NaN;
    const option = build({
      movingAverages: [
        { period: 2, values: [nan, 10.5, 10, 9.75] },
        { period: 60, values: [nan, nan, nan, nan] },
      ],
    });
    const names = (option['series'] as Loose[]).map((item) => item['name']);
    assert.ok(names.includes('MA2'));
    assert.ok(!names.includes('MA60'), names.join(', '));
    assert.deepEqual(option['legend'][0]['data'], ['MA2']);
  });

  it('keeps average colours when one is left out', () => {
    const nan = Number.NaN;
    const all = build({ movingAverages: [{ period: 2, values: [nan, 10.5, 10, 9.75] }, { period: 3, values: [nan, nan, 10, 9.8] }] });
    const shortened = build({ movingAverages: [{ period: 1, values: [nan, nan, nan, nan] }, { period: 3, values: [nan, nan, 10, 9.8] }] });
    assert.equal(seriesNamed(shortened, 'MA3')['color'], seriesNamed(all, 'MA3')['color']);
  });

  it('leaves out empty Bollinger bands', () => {
    const nan = Number.NaN;
    const empty = [nan, nan, nan, nan];
    const option = build({ indicator: { kind: 'BBANDS', upper: empty, middle: empty, lower: empty } });
    const names = (option['series'] as Loose[]).map((item) => item['name']);
    assert.ok(!names.includes('布林上軌'), names.join(', '));
    assert.equal(option['legend'].length, 0);
  });

  it('lists only panel lines with values', () => {
    const nan = Number.NaN;
    const option = build({ indicator: { kind: 'MACD', macd: [nan, nan, 1, 2], signal: [nan, nan, nan, nan], hist: [nan, nan, nan, nan] } });
    assert.deepEqual(option['legend'].at(-1)['data'], ['DIF']);
  });

  it('notes an indicator panel without values', () => {
    const nan = Number.NaN;
    const empty = build({ indicator: { kind: 'RSI', rsi: [nan, nan, nan, nan] } });
    const texts = (empty['title'] as Loose[]).map((title) => title['text']);
    assert.ok(texts.includes('K 棒太少，無法計算 RSI'), JSON.stringify(texts));

    const drawn = build({ indicator: { kind: 'RSI', rsi: [nan, 50, 60, 70] } });
    assert.ok(!(drawn['title'] as Loose[]).some((title) => String(title['text']).includes('無法計算')));
  });

  it('disables animation', () => {
    assert.equal(build()['animation'], false);
  });

  it('puts MACD in a third panel', () => {
    const nan = Number.NaN;
    const option = build({ indicator: { kind: 'MACD', macd: [nan, 1, 2, 1], signal: [nan, nan, 1.5, 1.2], hist: [nan, nan, 0.5, -0.2] } });
    assert.equal(option['grid'].length, 3);
    assert.equal(option['xAxis'].length, 3);
    assert.deepEqual(
      option['xAxis'].map((axis: Loose) => axis['axisLabel']['show']),
      [false, false, true],
    );
    assert.equal(option['xAxis'][2]['data'][0], '2024-01-02');

    const histogram = seriesNamed(option, 'OSC');
    assert.equal(histogram['xAxisIndex'], 2);
    assert.deepEqual(
      histogram['data'].map((item: Loose | null) => item?.['itemStyle']['color'] ?? null),
      [null, null, '#E0313A', '#1B9E4B'],
    );
    assert.equal(seriesNamed(option, 'DIF')['yAxisIndex'], 2);
  });

  it('draws KD guides at 80 and 20', () => {
    const option = build({ indicator: { kind: 'KD', k: [10, 20, 30, 40], d: [15, 25, 35, 45] } });
    const guides = seriesNamed(option, 'K')['markLine']['data'];
    assert.deepEqual(guides, [{ yAxis: 80 }, { yAxis: 20 }]);
    assert.equal(option['yAxis'][2]['min'], 0);
    assert.equal(option['yAxis'][2]['max'], 100);
  });

  it('draws RSI guides at 70 and 30', () => {
    const option = build({ indicator: { kind: 'RSI', rsi: [40, 50, 60, 70] } });
    assert.deepEqual(seriesNamed(option, 'RSI')['markLine']['data'], [{ yAxis: 70 }, { yAxis: 30 }]);
  });

  it('puts Bollinger bands on prices', () => {
    const option = build({ indicator: { kind: 'BBANDS', upper: [12, 12, 12, 12], middle: [10, 10, 10, 10], lower: [8, 8, 8, 8] } });
    assert.equal(option['grid'].length, 2);
    for (const name of ['布林上軌', '布林中軌', '布林下軌']) {
      assert.equal(seriesNamed(option, name)['xAxisIndex'], 0);
      assert.equal(seriesNamed(option, name)['yAxisIndex'], 0);
    }
  });

  it('shows title and subtitle', () => {
    const option = build({ title: '台積電 2330 日線 1 年', subtitle: '2024-01-02 ~ 2024-01-05' });
    assert.equal(option['title'][0]['text'], '台積電 2330 日線 1 年');
    assert.equal(option['title'][0]['subtext'], '2024-01-02 ~ 2024-01-05');
  });

  it('rejects misaligned averages', () => {
    assert.throws(() => build({ movingAverages: [{ period: 5, values: [1, 2] }] }), /movingAverages MA5 has 2 values but there are 4 bars/);
  });

  it('rejects an empty bar list', () => {
    assert.throws(() => buildCandlestickOption({ title: 't', bars: [], theme: 'light' }), /no bars/);
  });
});

describe('buildLineChartOption', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04'];

  it('maps series kinds to styles', () => {
    const option = buildLineChartOption({
      title: '預測',
      dates,
      series: [
        { name: '收盤價', values: [1, 2, Number.NaN] },
        { name: '預測值', values: [null, 2, 3], kind: 'dashed' },
        { name: '實際', values: [null, null, 3], kind: 'scatter' },
      ],
      theme: 'light',
    }) as Loose;

    const [close, forecast, actual] = option['series'] as Loose[];
    assert.equal(close?.['type'], 'line');
    assert.equal(close?.['lineStyle']['type'], 'solid');
    assert.deepEqual(close?.['data'], [1, 2, null]);
    assert.equal(forecast?.['lineStyle']['type'], 'dashed');
    assert.equal(actual?.['type'], 'scatter');
    assert.equal(option['backgroundColor'], '#FFFFFF');
  });

  it('rejects misaligned series', () => {
    assert.throws(
      () => buildLineChartOption({ title: 't', dates, series: [{ name: 'x', values: [1] }], theme: 'dark' }),
      /series "x" has 1 values but there are 3 dates/,
    );
  });
});

describe('formatCompactCount', () => {
  it('uses 萬 and 億', () => {
    assert.equal(formatCompactCount(999), '999');
    assert.equal(formatCompactCount(25_300_000), '2530萬');
    assert.equal(formatCompactCount(45_000), '4.5萬');
    assert.equal(formatCompactCount(150_000_000), '1.5億');
  });
});
