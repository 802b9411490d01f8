import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  changeDirection,
  formatAge,
  formatChange,
  formatLots,
  formatPercent,
  formatPrice,
  formatRatio,
  formatTaipeiTime,
  formatTurnover,
} from '../../src/line/format.ts';

describe('formatPrice', () => {
  it('trims source zeros down to the tick places', () => {
    assert.equal(formatPrice(593, 4), '593');
    assert.equal(formatPrice(593.5, 4), '593.5');
    assert.equal(formatPrice(1025, 2), '1025');
    assert.equal(formatPrice(56.7, 4), '56.7');
    assert.equal(formatPrice(150.05, 2), '150.05');
  });

  it('keeps two places below 50', () => {
    assert.equal(formatPrice(9.5, 4), '9.50');
    assert.equal(formatPrice(35.5, 2), '35.50');
    assert.equal(formatPrice(12, 0), '12.00');
  });

  it('removes floating-point noise', () => {
    assert.equal(formatPrice(0.1 + 0.2, 2), '0.30');
    assert.equal(formatPrice(100.1 + 0.2, 2), '100.3');
  });

  it('shows negative zero as zero', () => {
    assert.equal(formatPrice(-0, 2), '0.00');
    assert.equal(formatPrice(-0.001, 2), '0.00');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatPrice(null, 2), '—');
    assert.equal(formatPrice(Number.NaN, 2), '—');
    assert.equal(formatPrice(Number.POSITIVE_INFINITY, 2), '—');
  });

  it('tolerates invalid decimals', () => {
    assert.equal(formatPrice(593.25, -1), '593');
    assert.equal(formatPrice(593.25, Number.NaN), '593.25');
  });
});

describe('formatChange', () => {
  it('marks a rise and a fall', () => {
    assert.equal(formatChange(40), '▲40');
    assert.equal(formatChange(-1.5), '▼1.5');
    assert.equal(formatChange(0.05, 4), '▲0.05');
  });

  it('shows no change as 0', () => {
    assert.equal(formatChange(0), '0');
    assert.equal(formatChange(-0), '0');
    assert.equal(formatChange(0.00001, 4), '0');
  });

  it('removes noise of a computed difference', () => {
    assert.equal(formatChange(10.15 - 10.1, 4), '▲0.05');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatChange(null), '—');
    assert.equal(formatChange(Number.NaN), '—');
  });
});

describe('changeDirection', () => {
  it('uses the displayed rounding', () => {
    assert.equal(changeDirection(0.004, 2), 0);
    assert.equal(changeDirection(0.005, 2), 1);
    assert.equal(changeDirection(-0.5, 2), -1);
    assert.equal(changeDirection(null), 0);
  });
});

describe('formatPercent', () => {
  it('signs rises and falls', () => {
    assert.equal(formatPercent(7.95), '+7.95%');
    assert.equal(formatPercent(-1.234), '−1.23%');
  });

  it('shows zero without a sign', () => {
    assert.equal(formatPercent(0), '0.00%');
    assert.equal(formatPercent(-0), '0.00%');
    assert.equal(formatPercent(-0.001), '0.00%');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatPercent(null), '—');
  });
});

describe('formatRatio', () => {
  it('formats two places', () => {
    assert.equal(formatRatio(15.234), '15.23');
    assert.equal(formatRatio(-3.1), '−3.10');
    assert.equal(formatRatio(-0), '0.00');
    assert.equal(formatRatio(null), '—');
  });
});

describe('formatLots', () => {
  it('groups thousands', () => {
    assert.equal(formatLots(18323), '18,323 張');
    assert.equal(formatLots(1234567), '1,234,567 張');
    assert.equal(formatLots(0), '0 張');
  });

  it('rounds to whole lots without negative zero', () => {
    assert.equal(formatLots(-0), '0 張');
    assert.equal(formatLots(-0.4), '0 張');
    assert.equal(formatLots(2.6), '3 張');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatLots(null), '—');
  });
});

describe('formatTurnover', () => {
  it('uses 億 from 10^8', () => {
    assert.equal(formatTurnover(1_085_000_000), '10.85 億');
    assert.equal(formatTurnover(123_456_000_000), '1,234.56 億');
  });

  it('uses 萬 from 10^4', () => {
    assert.equal(formatTurnover(8_123_400), '812.34 萬');
    assert.equal(formatTurnover(10_000), '1.00 萬');
  });

  it('uses 元 below 1 萬', () => {
    assert.equal(formatTurnover(9_999), '9,999 元');
    assert.equal(formatTurnover(0), '0 元');
    assert.equal(formatTurnover(-0), '0 元');
  });

  it('picks the unit after rounding', () => {
    assert.equal(formatTurnover(99_999_999), '1.00 億');
    assert.equal(formatTurnover(9_999.6), '1.00 萬');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatTurnover(null), '—');
  });
});

describe('formatTaipeiTime', () => {
  it('formats Asia/Taipei local time', () => {
    assert.equal(formatTaipeiTime(Date.UTC(2023, 11, 29, 5, 30)), '2023/12/29 13:30');
  });

  it('rolls over the date at Taipei midnight', () => {
    assert.equal(formatTaipeiTime(Date.UTC(2023, 11, 31, 16, 5)), '2024/01/01 00:05');
  });

  it('shows an invalid time as a dash', () => {
    assert.equal(formatTaipeiTime(Number.NaN), '—');
  });
});

describe('formatAge', () => {
  const now = Date.UTC(2024, 0, 2, 6, 0);
  const minute = 60_000;

  it('says 剛剛 under a minute', () => {
    assert.equal(formatAge(now, now), '剛剛');
    assert.equal(formatAge(now - 59_999, now), '剛剛');
  });

  it('says 剛剛 for a future time', () => {
    assert.equal(formatAge(now + 5 * minute, now), '剛剛');
  });

  it('counts whole minutes, hours and days', () => {
    assert.equal(formatAge(now - minute, now), '1 分鐘前');
    assert.equal(formatAge(now - 3 * minute - 59_000, now), '3 分鐘前');
    assert.equal(formatAge(now - 59 * minute, now), '59 分鐘前');
    assert.equal(formatAge(now - 60 * minute, now), '1 小時前');
    assert.equal(formatAge(now - 2 * 60 * minute, now), '2 小時前');
    assert.equal(formatAge(now - 23 * 60 * minute - 59 * minute, now), '23 小時前');
    assert.equal(formatAge(now - 24 * 60 * minute, now), '1 天前');
    assert.equal(formatAge(now - 5 * 24 * 60 * minute, now), '5 天前');
  });

  it('shows invalid times as a dash', () => {
    assert.equal(formatAge(Number.NaN, now), '—');
  });
});
