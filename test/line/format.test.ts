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
  quotePricePlaces,
  sharedPricePlaces,
} from '../../src/line/format.ts';
import type { Quote } from '../../src/market/types.ts';

describe('sharedPricePlaces', () => {
  it('takes the places of each tick size', () => {
    assert.equal(sharedPricePlaces([9.5], 4, false), 2);
    assert.equal(sharedPricePlaces([35.5], 2, false), 2);
    assert.equal(sharedPricePlaces([56.7], 2, false), 1);
    assert.equal(sharedPricePlaces([150], 2, false), 1);
    assert.equal(sharedPricePlaces([593], 4, false), 0);
    assert.equal(sharedPricePlaces([1025], 2, false), 0);
  });

  it('takes the most that any price needs', () => {
    // 6488 on 2023-01-30: 530 and 505 tick at 1, the previous close 493 at 0.5.
    assert.equal(sharedPricePlaces([530, 505, 530, 505, 493], 2, false), 1);
    assert.equal(sharedPricePlaces([593, 589, 593, 589, 593], 4, false), 0);
    assert.equal(sharedPricePlaces([101, 99.9], 2, false), 1);
  });

  it('keeps significant source places beyond the tick', () => {
    assert.equal(sharedPricePlaces([593.5], 4, false), 1);
    assert.equal(sharedPricePlaces([493.25], 2, false), 2);
  });

  it('drops zeros the source pads with', () => {
    assert.equal(sharedPricePlaces([593.0], 4, false), 0);
    assert.equal(sharedPricePlaces([0.1 + 0.2], 2, false), 2);
    assert.equal(sharedPricePlaces([100.1 + 0.2], 2, false), 1);
  });

  it('gives ETFs two places at every price', () => {
    assert.equal(sharedPricePlaces([150.1], 2, true), 2);
    assert.equal(sharedPricePlaces([35], 2, true), 2);
  });

  it('skips missing prices', () => {
    assert.equal(sharedPricePlaces([null, undefined, 593, Number.NaN], 4, false), 0);
    assert.equal(sharedPricePlaces([], 4, false), 2);
  });

  it('tolerates invalid decimals', () => {
    assert.equal(sharedPricePlaces([593.25], -1, false), 0);
    assert.equal(sharedPricePlaces([593.25], Number.NaN, false), 2);
  });
});

describe('quotePricePlaces', () => {
  const quote: Quote = {
    code: '6488', name: '環球晶', market: 'TPEx', price: 530, previousClose: 493, change: 37, changePercent: 7.51,
    open: 505, high: 530, low: 505, volumeLots: 6116, turnover: null, peRatio: null, time: 0, realtime: false, source: '', decimals: 2,
  };

  it('covers every price on the card', () => {
    assert.equal(quotePricePlaces(quote), 1);
    assert.equal(quotePricePlaces({ ...quote, previousClose: 500 }), 0);
    assert.equal(quotePricePlaces({ ...quote, previousClose: 500, low: 499.5 }), 1);
  });

  it('treats 00 codes as ETFs', () => {
    assert.equal(quotePricePlaces({ ...quote, code: '0050', price: 106, previousClose: 106, open: 106, high: 106, low: 106 }), 2);
  });
});

describe('formatPrice', () => {
  it('shows exactly the given places', () => {
    assert.equal(formatPrice(593, 0), '593');
    assert.equal(formatPrice(530, 1), '530.0');
    assert.equal(formatPrice(493, 1), '493.0');
    assert.equal(formatPrice(593.5, 1), '593.5');
    assert.equal(formatPrice(9.5, 2), '9.50');
    assert.equal(formatPrice(150.05, 2), '150.05');
  });

  it('removes floating-point noise', () => {
    assert.equal(formatPrice(0.1 + 0.2, 2), '0.30');
    assert.equal(formatPrice(100.1 + 0.2, 1), '100.3');
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

  it('tolerates invalid places', () => {
    assert.equal(formatPrice(593.25, -1), '593');
    assert.equal(formatPrice(593.25, Number.NaN), '593.25');
  });
});

describe('formatChange', () => {
  it('marks a rise and a fall', () => {
    assert.equal(formatChange(40, 0), '▲40');
    assert.equal(formatChange(-1.5, 1), '▼1.5');
    assert.equal(formatChange(0.05, 2), '▲0.05');
  });

  it('uses the places of the prices beside it', () => {
    assert.equal(formatChange(37, 1), '▲37.0');
    assert.equal(formatChange(-2, 2), '▼2.00');
  });

  it('shows no change as zero', () => {
    assert.equal(formatChange(0, 0), '0');
    assert.equal(formatChange(-0, 1), '0.0');
    assert.equal(formatChange(0.00001, 2), '0.00');
  });

  it('removes noise of a computed difference', () => {
    assert.equal(formatChange(10.15 - 10.1, 2), '▲0.05');
  });

  it('shows missing values as a dash', () => {
    assert.equal(formatChange(null, 2), '—');
    assert.equal(formatChange(Number.NaN, 2), '—');
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
