/**
 * The holiday schedule parser. No real TWSE response is recorded, so the
 * responses here are hand-built in the documented shapes (see
 * holiday-responses.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTradingDayEntry, parseHolidaySchedule } from '../../src/market/parse/holiday-schedule.ts';
import { SEED_HOLIDAYS } from '../../src/market/trading-holidays.ts';
import { MarketDataError, type MarketDataErrorCode } from '../../src/market/types.ts';
import { openApiResponse, ROWS_2026, ROWS_2027, rwdResponse } from './holiday-responses.ts';

const hasCode =
  (code: MarketDataErrorCode, pattern: RegExp) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code && pattern.test(error.message);

const isWeekday = (date: string): boolean => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

describe('parseHolidaySchedule rwd form', () => {
  const schedule = parseHolidaySchedule(rwdResponse(115, ROWS_2026), 2026);

  it('finds the seed weekday closures', () => {
    assert.deepEqual(schedule.closures.map((entry) => entry.date).filter(isWeekday), SEED_HOLIDAYS[2026]);
  });

  it('keeps listed weekend closures', () => {
    assert.deepEqual(schedule.closures.map((entry) => entry.date).filter((date) => !isWeekday(date)), ['2026-02-15', '2026-02-28', '2026-04-04', '2026-04-05', '2026-10-10', '2026-10-25']);
  });

  it('separates the trading-day markers', () => {
    assert.deepEqual(schedule.tradingDays.map((entry) => entry.date), ['2026-01-02', '2026-02-11', '2026-02-23']);
    assert.equal(schedule.tradingDays[0]?.name, '國曆新年開始交易日');
  });

  it('counts settlement-only days as closures', () => {
    const settlement = schedule.closures.filter((entry) => entry.name === '市場無交易，僅辦理結算交割作業');
    assert.deepEqual(settlement.map((entry) => entry.date), ['2026-02-12', '2026-02-13']);
  });

  it('keeps names and descriptions', () => {
    assert.deepEqual(schedule.closures[0], { date: '2026-01-01', name: '中華民國開國紀念日', description: '依規定放假1日。' });
  });
});

describe('parseHolidaySchedule OpenAPI form', () => {
  it('reads ROC dates', () => {
    const schedule = parseHolidaySchedule(openApiResponse(ROWS_2026), 2026);
    assert.deepEqual(schedule.closures.map((entry) => entry.date).filter(isWeekday), SEED_HOLIDAYS[2026]);
    assert.deepEqual(schedule.tradingDays.map((entry) => entry.date), ['2026-01-02', '2026-02-11', '2026-02-23']);
  });
});

describe('parseHolidaySchedule dates', () => {
  it('accepts slashed ROC dates', () => {
    const schedule = parseHolidaySchedule(rwdResponse(116, [['116/01/01', '中華民國開國紀念日', '']]), 2027);
    assert.deepEqual(schedule.closures.map((entry) => entry.date), ['2027-01-01']);
  });

  it('keeps only the requested year', () => {
    const schedule = parseHolidaySchedule(rwdResponse(116, [...ROWS_2026, ...ROWS_2027]), 2027);
    assert.deepEqual(schedule.closures.map((entry) => entry.date), ['2027-01-01']);
    assert.deepEqual(schedule.tradingDays.map((entry) => entry.date), ['2027-01-04']);
  });

  it('reports an unpublished year as notFound', () => {
    assert.throws(() => parseHolidaySchedule(rwdResponse(115, ROWS_2026), 2027), hasCode('notFound', /no schedule for 2027 \(27 rows of other years\)/));
    assert.throws(() => parseHolidaySchedule(rwdResponse(116, []), 2027), hasCode('notFound', /no schedule for 2027/));
  });

  it('reports a no-data stat as notFound', () => {
    const body = JSON.stringify({ stat: '很抱歉，沒有符合條件的資料!' });
    assert.throws(() => parseHolidaySchedule(body, 2027), hasCode('notFound', /沒有符合條件的資料/));
  });
});

describe('isTradingDayEntry', () => {
  const cases: [string, string, boolean][] = [
    ['國曆新年開始交易日', '國曆新年開始交易。', true],
    ['農曆春節前最後交易日', '農曆春節前最後交易。', true],
    ['農曆春節後開始交易日', '農曆春節後開始交易。', true],
    ['市場無交易，僅辦理結算交割作業', '', false],
    // The 2021 schedule labelled its settlement-only days 最後交易日 and noted 市場無交易 only in the description.
    ['農曆春節前最後交易日', '2月8日市場無交易，僅辦理結算交割作業。', false],
    ['中秋節', '依規定放假1日。', false],
  ];

  for (const [name, description, expected] of cases) {
    it(`reads ${name} / ${description || '(no description)'}`, () => {
      assert.equal(isTradingDayEntry({ date: '2026-01-01', name, description }), expected);
    });
  }
});

describe('parseHolidaySchedule rejects', () => {
  it('an empty body', () => {
    assert.throws(() => parseHolidaySchedule('', 2026), hasCode('malformed', /empty response body/));
  });

  it('an HTML page', () => {
    assert.throws(() => parseHolidaySchedule('<html><body>請稍後再試</body></html>', 2026), hasCode('malformed', /received HTML/));
  });

  it('a stat other than ok', () => {
    const body = JSON.stringify({ stat: '查詢日期有誤', fields: ['日期', '名稱', '說明'], data: [] });
    assert.throws(() => parseHolidaySchedule(body, 2026), hasCode('malformed', /stat is "查詢日期有誤", expected "ok"/));
  });

  it('a missing field', () => {
    const body = JSON.stringify({ stat: 'ok', fields: ['日期', '說明'], data: [['2026-01-01', '依規定放假1日。']] });
    assert.throws(() => parseHolidaySchedule(body, 2026), hasCode('malformed', /missing field 名稱/));
  });

  it('an invalid date', () => {
    assert.throws(() => parseHolidaySchedule(rwdResponse(115, [['2026-02-30', '假日', '']]), 2026), hasCode('malformed', /invalid/));
  });

  it('an OpenAPI row without a name', () => {
    assert.throws(() => parseHolidaySchedule(JSON.stringify([{ Date: '1150101' }]), 2026), hasCode('malformed', /Name: expected a string/));
  });
});
