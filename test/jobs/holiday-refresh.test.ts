/**
 * The holiday-refresh job against a replay server, the schedule stored in
 * Postgres, and the trading calendar each process loads from it. No real
 * TWSE response is recorded, so the server returns responses hand-built in
 * the documented shape (see ../market/holiday-responses.ts).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { QUEUES, startBoss } from '../../src/jobs/boss.ts';
import { createHolidayRefresher } from '../../src/jobs/holidays.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { isTradingDay, nextOpen } from '../../src/market/calendar.ts';
import { holdTradingCalendar, type CalendarHolder } from '../../src/market/calendar-holder.ts';
import { createHttpClient } from '../../src/market/live/http.ts';
import { createTradingHolidays, installTradingHolidays, SEED_HOLIDAYS } from '../../src/market/trading-holidays.ts';
import { ROWS_2026, ROWS_2027, rwdResponse } from '../market/holiday-responses.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startHarness } from '../support/harness.ts';
import { startReplayServer, type Reply, type ReplayServer } from '../support/replay-server.ts';

const SCHEDULE = '/rwd/zh/holidaySchedule/holidaySchedule';

/** Friday 2026-12-04 in Taipei, so the job requests 2026 (民國115) and 2027 (民國116). */
const NOW = Date.parse('2026-12-04T07:45:00+08:00');

/** After the close on Thursday 2026-12-31, the last session of 2026. */
const NEW_YEARS_EVE = Date.parse('2026-12-31T14:00:00+08:00');

const http = createHttpClient({ logger: createLogger('silent'), timeoutMs: 500, baseDelayMs: 5, maxDelayMs: 50 });

let database: TestDatabase;
let server: ReplayServer;
let holders: CalendarHolder[] = [];

/** Creates a logger that keeps its lines for the test to read. */
function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** Serves the schedule of each ROC year in `bodies`; other years get a 404. */
function serveSchedules(bodies: Record<string, string>): void {
  server.respond(SCHEDULE, (query): Reply | undefined => {
    const body = bodies[query.get('queryYear') ?? ''];
    return body === undefined ? undefined : { status: 200, body };
  });
}

/** Starts a calendar holder as a new process would, from the seed and the stored schedule. */
async function startProcessCalendar(logger: Logger = createLogger('silent')): Promise<CalendarHolder> {
  installTradingHolidays(createTradingHolidays(SEED_HOLIDAYS));
  const holder = await holdTradingCalendar(database.pool, logger);
  holders.push(holder);
  return holder;
}

function refresherFor(holder: CalendarHolder, logger: Logger = createLogger('silent')): ReturnType<typeof createHolidayRefresher> {
  return createHolidayRefresher({ pool: database.pool, http, twseBaseUrl: server.url, logger, reload: holder.reload, now: () => NOW });
}

async function storedYears(): Promise<number[]> {
  const rows = await database.pool.query<{ year: number }>('SELECT year FROM trading_holidays ORDER BY year');
  return rows.rows.map((row) => row.year);
}

before(async () => {
  database = await createTestDatabase();
  server = await startReplayServer();
});

beforeEach(async () => {
  server.reset();
  await database.pool.query('DELETE FROM trading_holidays');
});

afterEach(() => {
  for (const holder of holders) {
    holder.stop();
  }
  holders = [];
  installTradingHolidays(createTradingHolidays(SEED_HOLIDAYS));
});

after(async () => {
  await server.close();
  await database.drop();
});

describe('holiday refresh', () => {
  it('stores this year and the next', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    const holder = await startProcessCalendar();

    const result = await refresherFor(holder)();

    assert.deepEqual(result, { stored: [2026, 2027], unchanged: [] });
    assert.deepEqual(await storedYears(), [2026, 2027]);
    assert.deepEqual(server.requests.map((request) => request.query.get('queryYear')), ['115', '116']);
    assert.deepEqual(server.requests.map((request) => request.query.get('response')), ['json', 'json']);
  });

  it('stores closures with names, without trading days', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    await refresherFor(await startProcessCalendar())();

    const row = await database.pool.query<{ closures: { date: string; name: string }[] }>('SELECT closures FROM trading_holidays WHERE year = 2027');
    assert.deepEqual(row.rows[0]?.closures, [{ date: '2027-01-01', name: '中華民國開國紀念日' }]);
  });

  it('changes calendar answers once 2027 is loaded', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    const holder = await startProcessCalendar();
    assert.equal(isTradingDay('2027-01-01'), true, 'without a 2027 schedule every weekday trades');
    assert.equal(nextOpen(NEW_YEARS_EVE).toISOString(), '2027-01-01T01:00:00.000Z');

    await refresherFor(holder)();

    assert.equal(isTradingDay('2027-01-01'), false);
    assert.equal(isTradingDay('2027-01-04'), true, '國曆新年開始交易日 is a trading day');
    assert.equal(nextOpen(NEW_YEARS_EVE).toISOString(), '2027-01-04T01:00:00.000Z');
  });

  it('warns once about a year without a schedule', async () => {
    const { logger, lines } = capturingLogger();
    await startProcessCalendar(logger);

    isTradingDay('2027-01-01');
    isTradingDay('2027-03-01');
    isTradingDay('2026-03-02');

    const warnings = lines.filter((line) => line['msg'] === 'no TWSE holiday schedule for this year; counting every weekday as a trading day');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.['year'], 2027);
  });

  it('keeps the stored schedule when TWSE fails', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    const holder = await startProcessCalendar();
    await refresherFor(holder)();

    server.script(SCHEDULE, Array.from({ length: 6 }, () => ({ status: 500 })));
    const { logger, lines } = capturingLogger();
    const result = await refresherFor(holder, logger)();

    assert.deepEqual(result, { stored: [], unchanged: [2026, 2027] });
    assert.deepEqual(await storedYears(), [2026, 2027]);
    assert.equal(isTradingDay('2027-01-01'), false, 'the stored 2027 holiday still closes the market');
    assert.equal(lines.filter((line) => line['msg'] === 'holiday schedule refresh failed; keeping the stored one').length, 2);
  });

  it('keeps the stored schedule on an HTML error page', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    const holder = await startProcessCalendar();
    await refresherFor(holder)();

    serveSchedules({ '115': '<html><body>請稍後再試</body></html>', '116': '<html><body>請稍後再試</body></html>' });
    const result = await refresherFor(holder)();

    assert.deepEqual(result, { stored: [], unchanged: [2026, 2027] });
    assert.equal(isTradingDay('2027-01-01'), false);
  });

  it('waits for next year without a warning', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, []) });
    const { logger, lines } = capturingLogger();
    const result = await refresherFor(await startProcessCalendar(), logger)();

    assert.deepEqual(result, { stored: [2026], unchanged: [2027] });
    assert.equal(lines.filter((line) => line['level'] === 40).length, 0, 'no warning');
    assert.equal(lines.filter((line) => line['msg'] === 'next year holiday schedule not published yet; keeping the stored one').length, 1);
  });
});

describe('trading calendar in another process', () => {
  it('loads the stored schedule at start-up', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    await refresherFor(await startProcessCalendar())();

    const other = await startProcessCalendar();

    assert.equal(isTradingDay('2027-01-01'), false);
    assert.deepEqual(await other.reload(), [2026, 2027]);
  });

  it('picks up a refresh on reload', async () => {
    const other = await startProcessCalendar();
    assert.equal(isTradingDay('2027-01-01'), true);

    await database.pool.query(`INSERT INTO trading_holidays (year, closures, fetched_at) VALUES (2027, '[{"date":"2027-01-01","name":"中華民國開國紀念日"}]', now())`);
    await other.reload();

    assert.equal(isTradingDay('2027-01-01'), false);
  });

  it('keeps the seed for years the store lacks', async () => {
    await startProcessCalendar();
    assert.equal(isTradingDay('2026-12-25'), false, '行憲紀念日 from the seed');
  });
});

describe('holiday-refresh queue', () => {
  it('stores the schedule through a live worker', async () => {
    serveSchedules({ '115': rwdResponse(115, ROWS_2026), '116': rwdResponse(116, ROWS_2027) });
    const url = server.url;
    const env = { MARKET_DATA: 'live', MARKET_DATA_DIR: '', TWSE_BASE_URL: url, TWSE_OPENAPI_BASE_URL: url, TWSE_MIS_BASE_URL: url, TWSE_ISIN_BASE_URL: url, TPEX_BASE_URL: url, YAHOO_BASE_URL: url };
    const worker = await startHarness({ roles: { web: false, worker: true }, database, env });
    const sender = await startBoss({ connectionString: database.url, ssl: false, logger: createLogger('silent'), schedule: false });

    try {
      await sender.send(QUEUES.holidays, null);

      const deadline = Date.now() + 15_000;
      while ((await storedYears()).length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      assert.deepEqual(await storedYears(), [2026, 2027]);
      assert.equal(isTradingDay('2027-01-01'), false, 'the worker reloaded its calendar');
    } finally {
      await sender.stop({ graceful: false });
      await worker.stop();
    }
  });
});
