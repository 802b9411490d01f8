import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasHolidayList,
  isMarketOpen,
  isTradingDay,
  lastClosedTradingDay,
  lastTradingDay,
  nextClose,
  nextOpen,
  taipeiDate,
} from '../../src/market/calendar.ts';
import { createTradingHolidays, SEED_HOLIDAYS } from '../../src/market/trading-holidays.ts';

/** An instant written in Taipei local time. */
const taipei = (local: string): number => Date.parse(`${local}+08:00`);

describe('isTradingDay', () => {
  it('accepts an ordinary Friday', () => {
    assert.equal(isTradingDay('2026-12-04'), true);
  });

  it('rejects weekend days', () => {
    assert.equal(isTradingDay('2026-12-05'), false);
    assert.equal(isTradingDay('2026-12-06'), false);
  });

  it('rejects exchange holidays', () => {
    assert.equal(isTradingDay('2026-12-25'), false, '行憲紀念日, a Friday');
    assert.equal(isTradingDay('2026-10-09'), false, '國慶日 observed on Friday');
    assert.equal(isTradingDay('2026-02-12'), false, 'settlement only before 春節');
    assert.equal(isTradingDay('2026-02-23'), true, 'first session after 春節');
  });

  it('rejects an invalid date', () => {
    assert.throws(() => isTradingDay('2026-13-45'), RangeError);
  });

  it('knows which years are listed', () => {
    assert.equal(hasHolidayList(2026), true);
    assert.equal(hasHolidayList(2030), false);
  });
});

describe('isMarketOpen', () => {
  it('is closed before the open', () => {
    assert.equal(isMarketOpen(taipei('2026-12-04T08:59:59')), false);
  });

  it('opens at 09:00', () => {
    assert.equal(isMarketOpen(taipei('2026-12-04T09:00:00')), true);
    assert.equal(isMarketOpen(taipei('2026-12-04T13:29:59')), true);
  });

  it('is closed from 13:30', () => {
    assert.equal(isMarketOpen(taipei('2026-12-04T13:30:00')), false);
  });

  it('is closed on a holiday', () => {
    assert.equal(isMarketOpen(taipei('2026-12-25T10:00:00')), false);
  });

  it('uses Taipei time across UTC midnight', () => {
    // 01:30 UTC on Friday is 09:30 in Taipei, during the session.
    assert.equal(isMarketOpen(new Date('2026-12-04T01:30:00Z')), true);
    // 16:30 UTC on Friday is already Saturday 00:30 in Taipei.
    assert.equal(taipeiDate(new Date('2026-12-04T16:30:00Z')), '2026-12-05');
    assert.equal(isMarketOpen(new Date('2026-12-04T16:30:00Z')), false);
  });
});

describe('lastTradingDay', () => {
  it('returns today before the open', () => {
    assert.equal(lastTradingDay(taipei('2026-12-04T08:00:00')), '2026-12-04');
  });

  it('returns Friday on Saturday in Taipei', () => {
    assert.equal(lastTradingDay(new Date('2026-12-04T16:30:00Z')), '2026-12-04');
  });

  it('skips a holiday and weekend', () => {
    // Monday 2026-12-28 follows 行憲紀念日 (Fri 12-25) and a weekend.
    assert.equal(lastTradingDay(taipei('2026-12-27T12:00:00')), '2026-12-24');
  });

  it('skips the 春節 closure', () => {
    assert.equal(lastTradingDay(taipei('2026-02-20T10:00:00')), '2026-02-11');
  });
});

describe('lastClosedTradingDay', () => {
  it('returns yesterday during a session', () => {
    assert.equal(lastClosedTradingDay(taipei('2026-12-04T10:00:00')), '2026-12-03');
  });

  it('returns today after the close', () => {
    assert.equal(lastClosedTradingDay(taipei('2026-12-04T13:30:00')), '2026-12-04');
  });
});

describe('nextOpen', () => {
  it('returns today before the open', () => {
    assert.equal(nextOpen(taipei('2026-12-04T08:00:00')).toISOString(), '2026-12-04T01:00:00.000Z');
  });

  it('returns Monday after Friday close', () => {
    assert.equal(nextOpen(taipei('2026-12-04T14:00:00')).toISOString(), '2026-12-07T01:00:00.000Z');
  });

  it('returns tomorrow during a session', () => {
    assert.equal(nextOpen(taipei('2026-12-03T10:00:00')).toISOString(), '2026-12-04T01:00:00.000Z');
  });

  it('skips the holiday after a Thursday', () => {
    assert.equal(nextOpen(taipei('2026-12-24T15:00:00')).toISOString(), '2026-12-28T01:00:00.000Z');
  });

  it('returns Monday from Saturday 00:30', () => {
    assert.equal(nextOpen(new Date('2026-12-04T16:30:00Z')).toISOString(), '2026-12-07T01:00:00.000Z');
  });
});

describe('nextClose', () => {
  it('returns today during a session', () => {
    assert.equal(nextClose(taipei('2026-12-04T10:00:00')).toISOString(), '2026-12-04T05:30:00.000Z');
  });

  it('returns today before the open', () => {
    assert.equal(nextClose(taipei('2026-12-04T07:00:00')).toISOString(), '2026-12-04T05:30:00.000Z');
  });

  it('returns next session after the close', () => {
    assert.equal(nextClose(taipei('2026-12-04T13:30:00')).toISOString(), '2026-12-07T05:30:00.000Z');
  });
});

describe('calendar with a holiday table', () => {
  /** Records the years the calendar reports as unknown. */
  function tableWith(extra: Record<number, string[]>): { holidays: ReturnType<typeof createTradingHolidays>; unknown: number[] } {
    const unknown: number[] = [];
    const holidays = createTradingHolidays({ ...SEED_HOLIDAYS, ...extra }, (year) => unknown.push(year));
    return { holidays, unknown };
  }

  it('counts weekdays of an unknown year', () => {
    const { holidays, unknown } = tableWith({});
    assert.equal(isTradingDay('2027-01-01', holidays), true);
    assert.deepEqual(unknown, [2027]);
    assert.equal(hasHolidayList(2027, holidays), false);
  });

  it('reports no year for weekends', () => {
    const { holidays, unknown } = tableWith({});
    assert.equal(isTradingDay('2027-01-02', holidays), false);
    assert.deepEqual(unknown, []);
  });

  it('closes on a loaded 2027 holiday', () => {
    const { holidays, unknown } = tableWith({ 2027: ['2027-01-01'] });
    assert.equal(isTradingDay('2027-01-01', holidays), false);
    assert.equal(isMarketOpen(taipei('2027-01-01T10:00:00'), holidays), false);
    assert.equal(hasHolidayList(2027, holidays), true);
    assert.deepEqual(unknown, []);
  });

  it('moves nextOpen past a loaded holiday', () => {
    const after = taipei('2026-12-31T14:00:00');
    assert.equal(nextOpen(after, tableWith({}).holidays).toISOString(), '2027-01-01T01:00:00.000Z');
    assert.equal(nextOpen(after, tableWith({ 2027: ['2027-01-01'] }).holidays).toISOString(), '2027-01-04T01:00:00.000Z');
  });

  it('moves lastTradingDay back past a loaded holiday', () => {
    const saturday = taipei('2027-01-02T12:00:00');
    assert.equal(lastTradingDay(saturday, tableWith({}).holidays), '2027-01-01');
    assert.equal(lastTradingDay(saturday, tableWith({ 2027: ['2027-01-01'] }).holidays), '2026-12-31');
  });

  it('drops the seed when a table leaves 2026 out', () => {
    const without2026 = createTradingHolidays({});
    assert.equal(isTradingDay('2026-12-25', without2026), true);
    assert.equal(isTradingDay('2026-12-25'), false, 'the installed seed still closes 行憲紀念日');
  });
});
