/**
 * Parses the listed companies' material-information announcements (重大訊息)
 * from TWSE OpenAPI `/v1/opendata/t187ap04_L`: a JSON array of objects with
 * Chinese keys (發言日期 as an ROC date like 1150708, 發言時間 as HHMMSS,
 * 公司代號, 公司名稱, 主旨, 說明, …). Some keys carry trailing spaces
 * (`主旨 `), so keys are matched after trimming.
 */
import { parseRocDate, taipeiTime } from '../../market/parse/dates.ts';
import { NewsError, type NewsItem } from '../types.ts';
import { collapseWhitespace, shorten } from './text.ts';

export const ANNOUNCEMENT_SOURCE = '公開資訊觀測站 重大訊息';

/**
 * The MOPS page of today's material information of listed companies.
 * NOTE: MOPS is now a single-page site, and a URL that opens one company's
 * announcement list (t05st01) could not be confirmed, so every
 * announcement links to this listing page.
 */
export const MOPS_ANNOUNCEMENTS_URL = 'https://mops.twse.com.tw/mops/#/web/t05sr01_1';

export interface AnnouncementOptions {
  /** Keep only this company's announcements (公司代號, for example 2330). */
  code?: string;
}

/**
 * Returns one NewsItem per announcement in the array's order. A row
 * without a subject is skipped, and a row whose date or time does not
 * parse gets `publishedAt` null. An empty array gives [].
 *
 * @throws NewsError('malformed') when the body is not JSON or not an array.
 */
export function parseTwseAnnouncements(text: string, options: AnnouncementOptions = {}): NewsItem[] {
  const rows = readRows(text);
  const code = options.code?.trim().toUpperCase();

  const items: NewsItem[] = [];
  for (const row of rows) {
    if (code !== undefined && field(row, '公司代號').toUpperCase() !== code) {
      continue;
    }

    const item = toNewsItem(row);
    if (item !== null) {
      items.push(item);
    }
  }

  return items;
}

function readRows(text: string): Record<string, unknown>[] {
  const body = text.trim();
  if (body === '') {
    throw new NewsError('malformed', 't187ap04_L: empty response body');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new NewsError('malformed', `t187ap04_L: invalid JSON: ${JSON.stringify(body.slice(0, 80))}`, { cause: error });
  }

  if (!Array.isArray(parsed)) {
    throw new NewsError('malformed', 't187ap04_L: expected a JSON array of announcements');
  }

  return parsed.filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row));
}

function toNewsItem(row: Record<string, unknown>): NewsItem | null {
  const subject = collapseWhitespace(field(row, '主旨'));
  if (subject === '') {
    return null;
  }

  const company = collapseWhitespace(field(row, '公司名稱'));
  const item: NewsItem = {
    title: company === '' ? subject : `${company}：${subject}`,
    link: MOPS_ANNOUNCEMENTS_URL,
    source: ANNOUNCEMENT_SOURCE,
    publishedAt: announcementTime(field(row, '發言日期'), field(row, '發言時間')),
  };

  const summary = shorten(collapseWhitespace(field(row, '說明')));
  if (summary !== '') {
    item.summary = summary;
  }
  return item;
}

/** Returns epoch ms of an ROC date and an HHMMSS time in Asia/Taipei, or null when either does not parse. */
function announcementTime(rocDate: string, time: string): number | null {
  // The time may lose its leading zero (93005 for 09:30:05).
  const digits = time.trim();
  if (!/^\d{3,6}$/.test(digits)) {
    return null;
  }

  const padded = digits.padStart(6, '0');
  const hour = Number(padded.slice(0, 2));
  const minute = Number(padded.slice(2, 4));
  const second = Number(padded.slice(4, 6));
  if (hour > 23 || minute > 59 || second > 59) {
    return null;
  }

  try {
    return taipeiTime(parseRocDate(rocDate), `${padded.slice(0, 2)}:${padded.slice(2, 4)}:${padded.slice(4, 6)}`);
  } catch {
    return null;
  }
}

/** Returns a cell as trimmed text, finding the key even when the source padded it with spaces. */
function field(row: Record<string, unknown>, name: string): string {
  let value = row[name];
  if (value === undefined) {
    const key = Object.keys(row).find((candidate) => candidate.trim() === name);
    value = key === undefined ? undefined : row[key];
  }

  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' ? value.trim() : '';
}
