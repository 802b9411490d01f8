/**
 * Fetches TWSE's holiday schedule of one year from the rwd endpoint, which
 * takes the year as `queryYear` (民國 year), so next year's schedule can
 * be read as soon as TWSE publishes it. The OpenAPI form serves only the
 * current year.
 */
import { ROC_YEAR_OFFSET } from '../parse/dates.ts';
import { parseHolidaySchedule, type HolidaySchedule } from '../parse/holiday-schedule.ts';
import type { HttpClient } from './http.ts';

/** Fetches the schedule of `year` (Gregorian); throws as parseHolidaySchedule and the HTTP client do. */
export async function fetchHolidaySchedule(http: HttpClient, twseBaseUrl: string, year: number): Promise<HolidaySchedule> {
  const text = await http.getText(`${twseBaseUrl}/rwd/zh/holidaySchedule/holidaySchedule?response=json&queryYear=${year - ROC_YEAR_OFFSET}`);
  return parseHolidaySchedule(text, year);
}
