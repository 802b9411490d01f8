import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { bbands, bbandsLookback } from '../../src/analysis/bbands.ts';
import { ema, emaLookback } from '../../src/analysis/ema.ts';
import { macd, macdLookback } from '../../src/analysis/macd.ts';
import { rsi, rsiLookback } from '../../src/analysis/rsi.ts';
import { sma, smaLookback } from '../../src/analysis/sma.ts';
import { stoch, stochLookback } from '../../src/analysis/stoch.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { marketDataFile } from '../market/data-dir.ts';

// Expected values were computed once by a separate Python script that
// re-implements TA-Lib's C code (ta_RSI.c, ta_MACD.c, ta_BBANDS.c,
// ta_STOCH.c) from the same CSV rows, dropping zero-volume rows as
// parseYahooCsv does. Both sides use IEEE doubles in the same order of
// operations, so the values must match exactly.

const CSV_NAME = 'yahoo-download-2330.TW-1d-2000-2023.csv';
const csvText = readFileSync(marketDataFile(CSV_NAME), 'utf8');
const bars = parseYahooCsv(csvText, '2330').bars;
const close = bars.map((bar) => bar.close);
const high = bars.map((bar) => bar.high);
const low = bars.map((bar) => bar.low);

function firstValueIndex(values: readonly number[]): number {
  return values.findIndex((value) => !Number.isNaN(value));
}

describe('indicators on recorded 2330', () => {
  it('has 5845 traded bars', () => {
    assert.equal(close.length, 5845);
  });

  it('starts SMA 20 at 19', () => {
    const values = sma(close, 20);
    assert.equal(firstValueIndex(values), 19);
    assert.equal(values[19], 73.01400545);
  });

  it('starts EMA 12 at 11', () => {
    const values = ema(close, 12);
    assert.equal(firstValueIndex(values), 11);
    assert.equal(values[100], 77.35783624003433);
    assert.equal(values.at(-1), 559.0698988516579);
  });

  it('starts RSI 14 at 14', () => {
    const values = rsi(close);
    assert.equal(firstValueIndex(values), 14);
    assert.equal(values[14], 59.999609492481284);
    assert.equal(values.at(-1), 72.2907925844925);
  });

  it('starts MACD at 33', () => {
    const result = macd(close);
    assert.equal(firstValueIndex(result.macd), 33);
    assert.equal(firstValueIndex(result.signal), 33);
    assert.equal(firstValueIndex(result.histogram), 33);
    assert.equal(result.macd[33], 1.9690738940766437);
    assert.equal(result.signal[33], 3.7810689063853764);
    assert.equal(result.histogram[33], -1.8119950123087327);
  });

  it('starts BBANDS at 19', () => {
    const result = bbands(close);
    assert.equal(firstValueIndex(result.upper), 19);
    assert.equal(result.upper[19], 81.09912456305241);
    assert.equal(result.middle[19], 73.01400545);
    assert.equal(result.lower[19], 64.92888633694758);
  });

  it('starts KD at 8', () => {
    const result = stoch(high, low, close);
    assert.equal(firstValueIndex(result.slowK), 8);
    assert.equal(firstValueIndex(result.slowD), 8);
    assert.equal(result.slowK[8], 72.05379139537187);
    assert.equal(result.slowD[8], 68.25039647409704);
  });

  it('matches every lookback helper', () => {
    assert.equal(firstValueIndex(sma(close, 20)), smaLookback(20));
    assert.equal(firstValueIndex(ema(close, 12)), emaLookback(12));
    assert.equal(firstValueIndex(rsi(close)), rsiLookback());
    assert.equal(firstValueIndex(macd(close).histogram), macdLookback());
    assert.equal(firstValueIndex(stoch(high, low, close).slowD), stochLookback());
    assert.equal(firstValueIndex(bbands(close).lower), bbandsLookback());
  });
});

describe('KD on recorded placeholder rows', () => {
  // The CSV has seven zero-volume rows from 2002-02-07 to 2002-02-15
  // (Lunar New Year) that repeat one price as open, high, low and close.
  // parseYahooCsv drops them, so the raw rows are read here: the two traded
  // days before the run, then the run itself.
  const rows = csvText.split(/\r?\n/).map((line) => line.split(','));
  const end = rows.findIndex((cells) => cells[0] === '2002-02-15');
  const window = rows.slice(end - 8, end + 1);
  const column = (index: number): number[] => window.map((cells) => Number(cells[index]));

  it('reads the placeholder run', () => {
    assert.deepEqual(window.map((cells) => cells[0]), [
      '2002-02-05', '2002-02-06', '2002-02-07', '2002-02-08', '2002-02-11',
      '2002-02-12', '2002-02-13', '2002-02-14', '2002-02-15',
    ]);
    for (const cells of window.slice(2)) {
      assert.equal(cells[6], '0');
      assert.equal(new Set(cells.slice(1, 5)).size, 1, `O=H=L=C on ${cells[0]}`);
    }
  });

  it('gives fast K 0 when flat', () => {
    // Windows ending 2002-02-12, -13 and -15 lie inside the run: high = low.
    const result = stoch(column(2), column(3), column(4));
    assert.deepEqual(result.fastK.slice(6), [0, 0, 0]);
  });

  it('keeps TA-Lib SMA residue', () => {
    // Slow %K is the running-sum SMA of fast %K 33.35…, 0, 0: TA-Lib adds and
    // subtracts, leaving 2.4e-15 instead of 0. Slow %D averages the last three
    // slow %K values.
    const result = stoch(column(2), column(3), column(4));
    assert.equal(result.slowK[8], 2.3684757858670005e-15);
    assert.equal(result.slowD[8], 14.820741337406721);
  });
});
