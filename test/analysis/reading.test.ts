import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { bbands } from '../../src/analysis/bbands.ts';
import { macd } from '../../src/analysis/macd.ts';
import { formatIndicatorValue, readBbands, readKd, readMacd, readRsi } from '../../src/analysis/reading.ts';
import { rsi } from '../../src/analysis/rsi.ts';
import { stoch } from '../../src/analysis/stoch.ts';
import { parseYahooCsv } from '../../src/market/parse/yahoo-csv.ts';
import { marketDataFile } from '../market/data-dir.ts';

const NAN = Number.NaN;

describe('readRsi', () => {
  it('reads 72.34 as high', () => {
    assert.deepEqual(readRsi([NAN, 50, 72.34]), { indicator: 'RSI', value: 72.34, level: 'high', text: 'RSI 72.34 偏高' });
  });

  it('reads 25.06 as low', () => {
    const reading = readRsi([25.06]);
    assert.equal(reading?.text, 'RSI 25.06 偏低');
    assert.equal(reading?.level, 'low');
  });

  it('reads 50 as neutral', () => {
    assert.equal(readRsi([50])?.text, 'RSI 50.00 中性');
  });

  it('judges the shown value', () => {
    // 69.996 is shown as 70.00, which is already high (≥ 70).
    assert.equal(readRsi([69.996])?.text, 'RSI 70.00 偏高');
    assert.equal(readRsi([30.004])?.text, 'RSI 30.00 偏低');
    assert.equal(readRsi([69.99])?.text, 'RSI 69.99 中性');
  });

  it('returns null without value', () => {
    assert.equal(readRsi([NAN, NAN]), null);
    assert.equal(readRsi([]), null);
  });
});

describe('readKd', () => {
  it('reads golden cross', () => {
    const reading = readKd({ slowK: [18, 25], slowD: [20, 22] });
    assert.equal(reading?.cross, 'golden');
    assert.equal(reading?.text, 'KD 黃金交叉');
  });

  it('reads golden cross from a tie', () => {
    assert.equal(readKd({ slowK: [20, 25], slowD: [20, 22] })?.cross, 'golden');
  });

  it('reads death cross', () => {
    const reading = readKd({ slowK: [85, 78], slowD: [82, 80] });
    assert.equal(reading?.cross, 'death');
    assert.equal(reading?.text, 'KD 死亡交叉');
  });

  it('reads zones without cross', () => {
    assert.equal(readKd({ slowK: [86, 85.24], slowD: [80, 80.06] })?.text, 'KD 偏高（K 85.24、D 80.06）');
    assert.equal(readKd({ slowK: [12, 15], slowD: [14, 16] })?.text, 'KD 偏低（K 15.00、D 16.00）');
    assert.equal(readKd({ slowK: [50, 55], slowD: [45, 50] })?.level, 'neutral');
    assert.equal(readKd({ slowK: [82, 79.03], slowD: [84, 83.38] })?.text, 'KD：K 中性、D 偏高（K 79.03、D 83.38）');
  });

  it('needs two bars for a cross', () => {
    const reading = readKd({ slowK: [NAN, 25], slowD: [NAN, 22] });
    assert.equal(reading?.cross, null);
    assert.equal(reading?.text, 'KD 中性（K 25.00、D 22.00）');
  });

  it('returns null without value', () => {
    assert.equal(readKd({ slowK: [NAN], slowD: [NAN] }), null);
  });
});

describe('readMacd', () => {
  it('reads turn to positive', () => {
    assert.equal(readMacd({ histogram: [-0.2, 0.1] })?.text, 'MACD 柱狀體轉正');
    assert.equal(readMacd({ histogram: [0, 0.1] })?.turn, 'positive');
  });

  it('reads turn to negative', () => {
    assert.equal(readMacd({ histogram: [0.3, -0.1] })?.text, 'MACD 柱狀體轉負');
    assert.equal(readMacd({ histogram: [0, -0.1] })?.turn, 'negative');
  });

  it('reads sign without turn', () => {
    assert.equal(readMacd({ histogram: [0.4, 0.523] })?.text, 'MACD 柱狀體為正（0.52）');
    assert.equal(readMacd({ histogram: [-0.4, -0.314] })?.text, 'MACD 柱狀體為負（-0.31）');
    assert.equal(readMacd({ histogram: [0, 0] })?.text, 'MACD 柱狀體為零');
  });

  it('returns null without value', () => {
    assert.equal(readMacd({ histogram: [0.2, NAN] }), null);
  });
});

describe('formatIndicatorValue', () => {
  it('keeps two places with trailing zeros', () => {
    assert.equal(formatIndicatorValue(543.6), '543.60');
    assert.equal(formatIndicatorValue(567.6), '567.60');
    assert.equal(formatIndicatorValue(543.666), '543.67');
    assert.equal(formatIndicatorValue(12), '12.00');
  });

  it('drops the sign of a rounded zero', () => {
    assert.equal(formatIndicatorValue(-0.001), '0.00');
    assert.equal(formatIndicatorValue(-0.314), '-0.31');
  });
});

describe('readBbands', () => {
  it('reads close above upper', () => {
    const reading = readBbands([100, 111], { upper: [110, 110], lower: [90, 90] });
    assert.equal(reading?.position, 'above');
    assert.equal(reading?.text, '股價突破布林上軌');
  });

  it('reads close below lower', () => {
    assert.equal(readBbands([89.9], { upper: [110], lower: [90] })?.text, '股價跌破布林下軌');
  });

  it('counts the band as inside', () => {
    assert.equal(readBbands([110], { upper: [110], lower: [90] })?.text, '股價位於布林通道內');
  });

  it('returns null without bands', () => {
    assert.equal(readBbands([100], { upper: [NAN], lower: [NAN] }), null);
  });
});

describe('readings on recorded 2330', () => {
  // Last bar 2023-11-15, close 581. The expected numbers come from the
  // independent Python re-implementation described in recorded-2330.test.ts:
  // RSI 72.2907…, KD 79.0277…/83.3796… (previous 81.11…/89.86…),
  // MACD histogram 3.9024… (previous 3.3058…), upper band 577.7279….
  const bars = parseYahooCsv(readFileSync(marketDataFile('yahoo-download-2330.TW-1d-2000-2023.csv'), 'utf8'), '2330').bars;
  const close = bars.map((bar) => bar.close);

  it('reads the last bar', () => {
    assert.equal(readRsi(rsi(close))?.text, 'RSI 72.29 偏高');
    assert.equal(readKd(stoch(bars.map((bar) => bar.high), bars.map((bar) => bar.low), close))?.text, 'KD：K 中性、D 偏高（K 79.03、D 83.38）');
    assert.equal(readMacd(macd(close))?.text, 'MACD 柱狀體為正（3.90）');
    assert.equal(readBbands(close, bbands(close))?.text, '股價突破布林上軌');
  });
});
