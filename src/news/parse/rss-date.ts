/**
 * Parses the dates RSS feeds carry: RFC 822 `pubDate` as RSS 2.0 requires
 * ("Wed, 08 Jul 2026 06:30:00 GMT", "+0800" offsets, two- or four-digit
 * years), and ISO 8601 with an offset as Dublin Core `dc:date` uses.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Offsets in minutes of the zone names RFC 822 §5.1 defines. NOTE: `CST` is
 * left out on purpose: RFC 822 reads it as US Central (−6), while feeds
 * from Taiwan and China use it for UTC+8, so such a date is treated as
 * unparsable rather than guessed.
 */
const ZONES: Record<string, number> = {
  GMT: 0, UT: 0, UTC: 0, Z: 0,
  EST: -300, EDT: -240, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

const RFC_822 = /^(?:[A-Za-z]{3},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,3}|[+-]\d{4})$/;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Returns epoch milliseconds, or null for a missing, zone-less or unparsable date. */
export function parseFeedDate(text: string | undefined): number | null {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') {
    return null;
  }

  if (ISO_8601.test(trimmed)) {
    const time = Date.parse(trimmed);
    return Number.isNaN(time) ? null : time;
  }

  const match = RFC_822.exec(trimmed);
  if (!match) {
    return null;
  }

  const [, dayText, monthText, yearText, hourText, minuteText, secondText, zoneText] = match;
  const month = MONTHS.indexOf((monthText ?? '').toLowerCase());
  const offsetMinutes = zoneOffset(zoneText ?? '');
  if (month < 0 || offsetMinutes === null) {
    return null;
  }

  // RFC 2822 §4.3: two-digit years 00–49 are 2000–2049, 50–99 are 1950–1999.
  let year = Number(yearText);
  if (yearText?.length === 2) {
    year += year < 50 ? 2000 : 1900;
  }

  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? '0');
  if (day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return null;
  }

  return Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
}

function zoneOffset(zone: string): number | null {
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }

  return ZONES[zone.toUpperCase()] ?? null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}
