/**
 * Hand-built TWSE holidaySchedule responses. No real response is recorded,
 * so these are written in the documented shapes (see
 * src/market/parse/holiday-schedule.ts). The 民國115年 (2026) rows carry
 * the dates and names TWSE published, some descriptions shortened, and
 * their weekday closures are the calendar's seed. The 民國116年 (2027)
 * rows are made up except that 2027-01-01 is certain, because
 * 中華民國開國紀念日 is fixed by law.
 */

/** 民國115年 (2026) rows: date, 名稱, 說明. */
export const ROWS_2026: readonly (readonly [string, string, string])[] = [
  ['2026-01-01', '中華民國開國紀念日', '依規定放假1日。'],
  ['2026-01-02', '國曆新年開始交易日', '國曆新年開始交易。'],
  ['2026-02-11', '農曆春節前最後交易日', '農曆春節前最後交易。'],
  ['2026-02-12', '市場無交易，僅辦理結算交割作業', ''],
  ['2026-02-13', '市場無交易，僅辦理結算交割作業', ''],
  ['2026-02-15', '農曆除夕及春節', '依規定於2月15日至2月19日放假5日。2月15日適逢星期日，於2月20日（星期五）補假。'],
  ['2026-02-16', '農曆除夕及春節', '依規定於2月15日至2月19日放假5日。'],
  ['2026-02-17', '農曆除夕及春節', '依規定於2月15日至2月19日放假5日。'],
  ['2026-02-18', '農曆除夕及春節', '依規定於2月15日至2月19日放假5日。'],
  ['2026-02-19', '農曆除夕及春節', '依規定於2月15日至2月19日放假5日。'],
  ['2026-02-20', '農曆除夕及春節', '2月15日適逢星期日，於2月20日（星期五）補假。'],
  ['2026-02-23', '農曆春節後開始交易日', '農曆春節後開始交易。'],
  ['2026-02-27', '和平紀念日', '和平紀念日為2月28日適逢星期六，於2月27日（星期五）補假。'],
  ['2026-02-28', '和平紀念日', '依規定放假1日。'],
  ['2026-04-03', '兒童節及民族掃墓節', '兒童節為4月4日適逢星期六，於4月3日（星期五）補假。'],
  ['2026-04-04', '兒童節及民族掃墓節', '依規定放假1日。'],
  ['2026-04-05', '兒童節及民族掃墓節', '依規定放假1日。'],
  ['2026-04-06', '兒童節及民族掃墓節', '民族掃墓節為4月5日適逢星期日，於4月6日（星期一）補假。'],
  ['2026-05-01', '勞動節', '依規定放假1日。'],
  ['2026-06-19', '端午節', '依規定放假1日。'],
  ['2026-09-25', '中秋節', '依規定放假1日。'],
  ['2026-09-28', '孔子誕辰紀念日/教師節', '依規定放假1日。'],
  ['2026-10-09', '國慶日', '國慶日為10月10日適逢星期六，於10月9日（星期五）補假。'],
  ['2026-10-10', '國慶日', '依規定放假1日。'],
  ['2026-10-25', '臺灣光復暨金門古寧頭大捷紀念日', '依規定放假1日。'],
  ['2026-10-26', '臺灣光復暨金門古寧頭大捷紀念日', '於10月26日（星期一）補假。'],
  ['2026-12-25', '行憲紀念日', '依規定放假1日。'],
];

/** A made-up 民國116年 (2027) schedule whose only closure is the certain 2027-01-01. */
export const ROWS_2027: readonly (readonly [string, string, string])[] = [
  ['2027-01-01', '中華民國開國紀念日', '依規定放假1日。'],
  ['2027-01-04', '國曆新年開始交易日', '國曆新年開始交易。'],
];

/** Builds a response of the rwd endpoint (`/rwd/zh/holidaySchedule/holidaySchedule?response=json`). */
export function rwdResponse(rocYear: number, rows: readonly (readonly [string, string, string])[]): string {
  return JSON.stringify({ stat: 'ok', date: `${rocYear + 1911}0101`, title: `${rocYear} 年市場開休市日期`, fields: ['日期', '名稱', '說明'], data: rows });
}

/** Builds a response of the OpenAPI endpoint (`/v1/holidaySchedule/holidaySchedule`), whose dates are ROC `1150101`. */
export function openApiResponse(rows: readonly (readonly [string, string, string])[]): string {
  const weekdays = ['日', '一', '二', '三', '四', '五', '六'];
  return JSON.stringify(
    rows.map(([date, name, description]) => ({
      Name: name,
      Date: `${Number(date.slice(0, 4)) - 1911}${date.slice(5, 7)}${date.slice(8, 10)}`,
      Weekday: weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()],
      Description: description,
    })),
  );
}
