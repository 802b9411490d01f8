import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barsToCsv } from '../../src/analysis/csv.ts';
import { resample } from '../../src/analysis/resample.ts';
import { summarize } from '../../src/analysis/summary.ts';

const bars = [
  { date: '2026-06-29', open: 10, high: 11, low: 9, close: 10.5, volume: 100 }, // Monday
  { date: '2026-06-30', open: 10.5, high: 12, low: 10, close: 11, volume: 200 },
  { date: '2026-07-02', open: 11, high: 11.5, low: 8.5, close: 9, volume: 300 }, // Thursday
  { date: '2026-07-06', open: 9, high: 9.5, low: 8.8, close: 9.2, volume: 50 }, // next Monday
];

describe('resample', () => {
  it('weekly groups Monday to Sunday', () => {
    const weekly = resample(bars, 'week');

    assert.deepEqual(weekly, [
      { date: '2026-07-02', open: 10, high: 12, low: 8.5, close: 9, volume: 600 },
      { date: '2026-07-06', open: 9, high: 9.5, low: 8.8, close: 9.2, volume: 50 },
    ]);
  });

  it('monthly groups by calendar month', () => {
    const monthly = resample(bars, 'month');

    assert.deepEqual(monthly.map((bar) => [bar.date, bar.open, bar.close, bar.volume]), [
      ['2026-06-30', 10, 11, 300],
      ['2026-07-06', 11, 9.2, 350],
    ]);
  });

  it('daily returns a copy', () => {
    assert.deepEqual(resample(bars, 'day'), bars);
  });
});

describe('summarize', () => {
  it('reports return, extremes and average volume', () => {
    const summary = summarize(bars);

    assert.equal(summary.firstClose, 10.5);
    assert.equal(summary.lastClose, 9.2);
    assert.ok(Math.abs(summary.returnPercent - -12.380952380952381) < 1e-9);
    assert.deepEqual(summary.high, { value: 12, date: '2026-06-30' });
    assert.deepEqual(summary.low, { value: 8.5, date: '2026-07-02' });
    assert.equal(summary.averageVolume, 162.5);
  });

  it('rejects an empty series', () => {
    assert.throws(() => summarize([]), RangeError);
  });
});

describe('barsToCsv', () => {
  it('starts with a BOM and a Chinese header', () => {
    const csv = barsToCsv([{ date: '2023-11-15', open: 580, high: 583, low: 577.000001, close: 90.800003, volume: 31234567 }]);

    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(csv.toString('utf8').slice(1), '日期,開盤,最高,最低,收盤,成交量（股）\r\n2023-11-15,580,583,577,90.8,31234567\r\n');
  });
});
