/**
 * Parses TWSE's 有價證券集中交易市場開(休)市日期表 in either of its JSON forms:
 *
 * - `www.twse.com.tw/rwd/zh/holidaySchedule/holidaySchedule?response=json&queryYear=<ROC year>`:
 *   `{"stat":"ok","title":"115 年市場開休市日期","fields":["日期","名稱","說明"],"data":[["2026-01-01","中華民國開國紀念日","依規定放假1日。"], …]}`,
 *   with ISO dates. The shape is the real 民國115年 response captured on
 *   2026-01-01 that gentoobreaking/tw-quant-mcp quotes as a Go test fixture.
 * - `openapi.twse.com.tw/v1/holidaySchedule/holidaySchedule` (current year
 *   only): `[{"Name":…,"Date":"1150101","Weekday":"四","Description":…}, …]`
 *   with ROC dates, as several public projects' test fixtures quote it.
 *
 * Besides closures the schedule lists trading days that begin or end a
 * break (國曆新年開始交易日, 農曆春節前最後交易日, …), which are not holidays,
 * and settlement-only days (市場無交易，僅辦理結算交割作業), which are.
 */
import { MarketDataError } from '../types.ts';
import { isIsoDate, parseRocDate } from './dates.ts';
import { parseJsonBody, requireArray, requireObject, requireString, requireStringRow } from './json-body.ts';
import { TableColumns } from './table.ts';

const FORMAT = 'TWSE holidaySchedule';

/**
 * The stat of TWSE rwd endpoints such as T86 and MI_INDEX for a query
 * without data: 很抱歉，沒有符合條件的資料! NOTE: assumed, not seen, for
 * holidaySchedule and a year TWSE has not published.
 */
const NO_DATA_STAT = '沒有符合條件的資料';

/** One row of the schedule. */
export interface HolidayScheduleEntry {
  /** YYYY-MM-DD. */
  date: string;
  name: string;
  description: string;
}

/** The schedule of one year, split into days without trading and listed days with trading. */
export interface HolidaySchedule {
  year: number;
  /** Days without trading, weekends included where TWSE lists them. */
  closures: HolidayScheduleEntry[];
  /** Listed days that do have a session, such as 國曆新年開始交易日. */
  tradingDays: HolidayScheduleEntry[];
}

/**
 * Parses a schedule response and keeps the rows of `year` (Gregorian).
 * Throws MarketDataError('notFound') when no row falls in `year` or the
 * stat reports no data, which is how a schedule not yet published
 * reads. Throws MarketDataError('malformed') for an empty, HTML or other
 * non-ok body, a missing field or an invalid date.
 */
export function parseHolidaySchedule(text: string, year: number): HolidaySchedule {
  const body = parseJsonBody(text, FORMAT);
  const entries = Array.isArray(body) ? readOpenApiRows(body) : readRwdTable(body);
  const ofYear = entries.filter((entry) => entry.date.startsWith(`${year}-`));
  if (ofYear.length === 0) {
    throw new MarketDataError('notFound', `${FORMAT}: no schedule for ${year} (${entries.length} rows of other years)`);
  }

  return {
    year,
    closures: ofYear.filter((entry) => !isTradingDayEntry(entry)),
    tradingDays: ofYear.filter(isTradingDayEntry),
  };
}

/**
 * Tells a listed trading day from a closure. Rows named …開始交易日 or
 * …最後交易日 mark the sessions around a break. 市場無交易 anywhere in the
 * row means no session even so, because TWSE has labelled settlement-only
 * days 最後交易日 with that note in the description, as a 民國110年 (2021)
 * response in public test fixtures shows for 2021-02-08 and 02-09.
 */
export function isTradingDayEntry(entry: HolidayScheduleEntry): boolean {
  if (`${entry.name}${entry.description}`.includes('市場無交易')) {
    return false;
  }

  return entry.name.includes('開始交易') || entry.name.includes('最後交易');
}

function readRwdTable(value: unknown): HolidayScheduleEntry[] {
  const body = requireObject(value, FORMAT);
  const stat = String(body['stat']);
  if (stat.includes(NO_DATA_STAT)) {
    throw new MarketDataError('notFound', `${FORMAT}: ${stat}`);
  }

  if (stat.toLowerCase() !== 'ok') {
    throw new MarketDataError('malformed', `${FORMAT}: stat is ${JSON.stringify(body['stat'])}, expected "ok"`);
  }

  const columns = new TableColumns(body['fields'], FORMAT);
  return requireArray(body['data'] ?? [], `${FORMAT} data`).map((item) => {
    const row = requireStringRow(item, `${FORMAT} row`);
    return {
      date: parseScheduleDate(columns.cell(row, '日期')),
      name: columns.cell(row, '名稱').trim(),
      description: columns.has('說明') ? columns.cell(row, '說明').trim() : '',
    };
  });
}

function readOpenApiRows(rows: unknown[]): HolidayScheduleEntry[] {
  return rows.map((item) => {
    const row = requireObject(item, `${FORMAT} row`);
    return {
      date: parseScheduleDate(requireString(row['Date'], `${FORMAT} Date`)),
      name: requireString(row['Name'], `${FORMAT} Name`).trim(),
      description: typeof row['Description'] === 'string' ? row['Description'].trim() : '',
    };
  });
}

/** Accepts `2026-01-01`, `1150101` and `115/01/01`. */
function parseScheduleDate(text: string): string {
  const trimmed = text.trim();
  return isIsoDate(trimmed) ? trimmed : parseRocDate(trimmed);
}
