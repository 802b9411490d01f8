/**
 * The live market-data path end to end: the real app with MARKET_DATA=live,
 * every exchange base URL aimed at a replay server of recorded responses,
 * and quotes requested through signed webhooks as LINE sends them.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { messagingApi } from '@line/bot-sdk';
import type { SentRecord } from '../../../src/line/fake-api.ts';
import { textEvent } from '../../../src/line/webhook-events.ts';
import { startHarness, type Harness } from '../../support/harness.ts';
import { startReplayServer, type ReplayServer } from '../../support/replay-server.ts';
import { marketDataFile } from '../data-dir.ts';

const MIS = '/stock/api/getStockInfo.jsp';
const STOCK_DAY_ALL = '/exchangeReport/STOCK_DAY_ALL';
const TPEX_DAILY = '/www/zh-tw/afterTrading/dailyQuotes';

const UNAVAILABLE_TEXT = '資料來源暫時無法連線，請稍後再試。';
const STALE_NOTE = '非即時資料：資料來源暫時無法連線，以下為最後取得的報價';

/** Three attempts in total is the live HTTP client's default, so three failures exhaust one request. */
const threeFailures = [{ status: 500 }, { status: 500 }, { status: 500 }];

/**
 * The per-attempt timeout that the slow-source test needs. NOTE: no such
 * variable exists yet, because the live HTTP client's 5000 ms timeout
 * cannot be configured from the environment.
 */
const TIMEOUT_ENV = { MARKET_HTTP_TIMEOUT_MS: '300' };

/** One day's figures of a security as the exchanges' daily tables print them. */
interface DayRow {
  code: string;
  name: string;
  channel: 'tse' | 'otc';
  /** YYYYMMDD. */
  date: string;
  close: number;
  change: number;
  open: number;
  high: number;
  low: number;
  volumeShares: number;
}

function parseNumber(text: string): number {
  return Number(text.replaceAll(',', '').trim());
}

/** Reads a row of the recorded TWSE OpenAPI STOCK_DAY_ALL, whose Date is a ROC date such as 1150708. */
function twseRow(code: string): DayRow {
  const rows = JSON.parse(readFileSync(marketDataFile('twse-openapi-STOCK_DAY_ALL-20260708.json'), 'utf8')) as Record<string, string>[];
  const row = rows.find((candidate) => candidate['Code'] === code);
  assert.ok(row, `STOCK_DAY_ALL has no row for ${code}`);

  const rocDate = row['Date'] ?? '';
  const year = Number(rocDate.slice(0, -4)) + 1911;
  return {
    code,
    name: row['Name'] ?? '',
    channel: 'tse',
    date: `${year}${rocDate.slice(-4)}`,
    close: parseNumber(row['ClosingPrice'] ?? ''),
    change: parseNumber(row['Change'] ?? ''),
    open: parseNumber(row['OpeningPrice'] ?? ''),
    high: parseNumber(row['HighestPrice'] ?? ''),
    low: parseNumber(row['LowestPrice'] ?? ''),
    volumeShares: parseNumber(row['TradeVolume'] ?? ''),
  };
}

/** Reads a row of the recorded TPEx daily quotes of 2023-01-30, by its column names. */
function tpexRow(code: string): DayRow {
  const body = JSON.parse(readFileSync(marketDataFile('tpex-daily-quotes-20230130.json'), 'utf8')) as {
    tables: { fields: string[]; data: string[][] }[];
  };
  const table = body.tables[0];
  assert.ok(table, 'TPEx daily quotes have no table');

  const row = table.data.find((candidate) => candidate[0] === code);
  assert.ok(row, `TPEx daily quotes have no row for ${code}`);
  const column = (field: string): string => row[table.fields.indexOf(field)] ?? '';

  return {
    code,
    name: column('名稱'),
    channel: 'otc',
    date: '20230130',
    close: parseNumber(column('收盤')),
    change: parseNumber(column('漲跌')),
    open: parseNumber(column('開盤')),
    high: parseNumber(column('最高')),
    low: parseNumber(column('最低')),
    volumeShares: parseNumber(column('成交股數')),
  };
}

function recordedMis(): { msgArray: Record<string, string>[] } & Record<string, unknown> {
  return JSON.parse(readFileSync(marketDataFile('twse-mis-getStockInfo-2330-20231229.json'), 'utf8')) as { msgArray: Record<string, string>[] };
}

/**
 * Builds a MIS getStockInfo body for one security from its daily row, on
 * the recorded 2330 body. Prices are 4-decimal strings and volume is in
 * lots of 1000 shares, as MIS writes them. The order book is left empty.
 */
function misBody(row: DayRow): string {
  const body = recordedMis();
  const template = body.msgArray[0];
  assert.ok(template, 'the recorded MIS body has no entry');

  const price = (value: number): string => value.toFixed(4);
  body.msgArray = [
    {
      ...template,
      c: row.code,
      n: row.name,
      nf: row.name,
      ex: row.channel,
      ch: `${row.code}.tw`,
      d: row.date,
      t: '13:30:00',
      z: price(row.close),
      y: price(row.close - row.change),
      o: price(row.open),
      h: price(row.high),
      l: price(row.low),
      v: String(Math.round(row.volumeShares / 1000)),
      a: '-',
      b: '-',
      f: '-',
      g: '-',
    },
  ];
  return JSON.stringify(body);
}

/** Returns the recorded 2330 body with `z` = `-`, as MIS sends it before the first trade of the day. */
function noTradeMisBody(): string {
  const body = recordedMis();
  const entry = body.msgArray[0];
  assert.ok(entry, 'the recorded MIS body has no entry');
  entry['z'] = '-';
  return JSON.stringify(body);
}

function newUser(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

/** Sends `text` as a user and returns the first message the bot sends back after `afterSeq`. */
async function ask(harness: Harness, user: string, text: string, afterSeq = 0): Promise<{ record: SentRecord; message: messagingApi.Message }> {
  const response = await harness.send([textEvent({ userId: user, text })]);
  assert.equal(response.status, 200);

  const record = await harness.line.api.waitFor((sent) => sent.to === user && sent.seq > afterSeq && sent.messages.length > 0, 10_000);
  const message = record.messages[0];
  assert.ok(message, 'the bot sent an empty message list');
  return { record, message };
}

function asFlex(message: messagingApi.Message): messagingApi.FlexMessage {
  assert.equal(message.type, 'flex', `expected a Flex quote card, got ${JSON.stringify(message).slice(0, 200)}`);
  return message as messagingApi.FlexMessage;
}

function asText(message: messagingApi.Message): string {
  assert.equal(message.type, 'text', `expected a text message, got ${JSON.stringify(message).slice(0, 200)}`);
  return (message as messagingApi.TextMessage).text;
}

/** Collects every `text` of the card's components, in document order. */
function cardTexts(flex: messagingApi.FlexMessage): string[] {
  const texts: string[] = [];
  JSON.stringify(flex.contents, (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') {
      texts.push(value);
    }
    return value;
  });
  return texts;
}

function replayEnv(server: ReplayServer): Record<string, string> {
  return {
    MARKET_DATA: 'live',
    MARKET_DATA_DIR: '',
    TWSE_BASE_URL: server.url,
    TWSE_OPENAPI_BASE_URL: server.url,
    TWSE_MIS_BASE_URL: server.url,
    TWSE_ISIN_BASE_URL: server.url,
    TPEX_BASE_URL: server.url,
    YAHOO_BASE_URL: server.url,
  };
}

describe('live quotes end to end', () => {
  let server: ReplayServer;
  let harness: Harness;

  before(async () => {
    server = await startReplayServer();
    harness = await startHarness({ env: { ...replayEnv(server), ...TIMEOUT_ENV } });
  });

  beforeEach(async () => {
    await harness.gulema.pool.query("DELETE FROM market_cache WHERE key LIKE 'quote:%'");
  });

  afterEach(async () => {
    // The webhook is acknowledged before delivery, so a reply may still be rendering.
    await harness.gulema.deliverer.idle();
    server.reset();
  });

  after(async () => {
    await harness.stop();
    await server.close();
  });

  it('loads the directory from the replay server', () => {
    assert.equal(server.countRequests(STOCK_DAY_ALL), 1);
    assert.equal(server.countRequests(TPEX_DAILY), 1);
  });

  it('runs 即時查詢 to the 2330 card', async () => {
    const user = newUser();
    const prompt = await ask(harness, user, '即時查詢');
    assert.match(asText(prompt.message), /請輸入股票代號或名稱/);

    const { record, message } = await ask(harness, user, '2330', prompt.record.seq);
    const flex = asFlex(message);
    const texts = cardTexts(flex);

    assert.equal(record.kind, 'reply');
    assert.match(flex.altText, /^台積電 2330 593/, 'the recorded MIS quote of 2023-12-29 is 593');
    assert.ok(texts.includes('593'), `card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('上市'));
    assert.ok(!texts.includes(STALE_NOTE));
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_2330.tw');
  });

  it('resolves the name 台積電', async () => {
    const { message } = await ask(harness, newUser(), '台積電');
    const flex = asFlex(message);

    assert.match(flex.altText, /^台積電 2330 593/);
  });

  it('shows an OTC stock from TPEx', async () => {
    server.respond(MIS, () => ({ body: misBody(tpexRow('6488')) }));

    const { message } = await ask(harness, newUser(), '6488');
    const flex = asFlex(message);
    const texts = cardTexts(flex);

    // TPEx 2023-01-30: 6488 環球晶 closed at 530.00, +37.00.
    assert.match(flex.altText, /^環球晶 6488 530\.0 /, 'every price on the card gets one place, because the previous close 493 trades in 0.5 steps');
    assert.ok(texts.includes('530.0'), `card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('▲37.0'));
    assert.ok(texts.includes('+7.51%'), '37 / 493 is 7.505 %');
    // Prices from 100 to 500 keep one place, the tick size there being 0.5, and the card's other prices follow.
    assert.ok(texts.includes('493.0'), `the previous close is 530 − 37; card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('上櫃'));
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'otc_6488.tw', 'the directory knows 6488 is OTC');
  });

  it('finds 環球晶 typed by name', async () => {
    server.respond(MIS, () => ({ body: misBody(tpexRow('6488')) }));

    const { message } = await ask(harness, newUser(), '環球晶');
    const flex = asFlex(message);

    assert.match(flex.altText, /^環球晶 6488 530\.0 /, 'every price on the card gets one place, because the previous close 493 trades in 0.5 steps');
  });

  it('shows the ETF 0050', async () => {
    server.respond(MIS, () => ({ body: misBody(twseRow('0050')) }));

    const { message } = await ask(harness, newUser(), '0050');
    const flex = asFlex(message);
    const texts = cardTexts(flex);

    // STOCK_DAY_ALL 2026-07-08: 0050 元大台灣50 closed at 106.05, −0.15.
    assert.match(flex.altText, /^元大台灣50 0050 106\.05/);
    assert.ok(texts.includes('106.05'), `card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('▼0.15'));
    assert.ok(texts.includes('−0.14%'), '0.15 / 106.20 is 0.141 %');
    assert.ok(texts.includes('106.20'), `the previous close is 106.05 + 0.15, with an ETF's two places; card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('上市'));
    assert.equal(server.requests.find((request) => request.path === MIS)?.query.get('ex_ch'), 'tse_0050.tw');
  });

  it('shows 尚未成交 before the first trade', async () => {
    server.serve(MIS, noTradeMisBody());

    const { message } = await ask(harness, newUser(), '2330');
    const flex = asFlex(message);

    assert.ok(cardTexts(flex).includes('尚未成交'));
    assert.match(flex.altText, /^台積電 2330 尚未成交/);
  });

  it('reports a source failing with 500', async () => {
    server.script(MIS, threeFailures);

    const { message } = await ask(harness, newUser(), '2330');

    assert.equal(asText(message), UNAVAILABLE_TEXT);
    assert.equal(server.countRequests(MIS), 3, 'one request with two retries');
  });

  it('reports an HTML error page', async () => {
    server.script(MIS, [{ body: '<!DOCTYPE html><html><head><title>系統忙碌中</title></head><body>請稍後再試</body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } }]);

    const { message } = await ask(harness, newUser(), '2330');

    assert.equal(asText(message), UNAVAILABLE_TEXT);
  });

  it('reports a truncated JSON body', async () => {
    const recorded = JSON.stringify(recordedMis());
    server.script(MIS, [{ body: recorded.slice(0, Math.floor(recorded.length / 2)) }]);

    const { message } = await ask(harness, newUser(), '2330');

    assert.equal(asText(message), UNAVAILABLE_TEXT);
  });

  it('reports a source slower than the timeout', async () => {
    server.script(MIS, [{ delayMs: 1500 }, { delayMs: 1500 }, { delayMs: 1500 }]);

    const { message } = await ask(harness, newUser(), '2330');

    assert.equal(message.type, 'text', 'a 1500 ms response must time out at MARKET_HTTP_TIMEOUT_MS=300');
    assert.equal(asText(message), UNAVAILABLE_TEXT);
  });

  it('marks a cached quote stale on failure', async () => {
    const user = newUser();
    const first = await ask(harness, user, '2330');
    const live = asFlex(first.message);
    assert.ok(!cardTexts(live).includes(STALE_NOTE));

    // Ages the cached quote past its expiry instead of waiting for the market clock.
    const aged = await harness.gulema.pool.query("UPDATE market_cache SET expires_at = now() - interval '1 second' WHERE key = 'quote:2330'");
    assert.equal(aged.rowCount, 1);
    server.script(MIS, threeFailures);

    const second = await ask(harness, user, '2330', first.record.seq);
    const stale = asFlex(second.message);
    const texts = cardTexts(stale);

    assert.ok(texts.includes(STALE_NOTE), `card texts: ${texts.join(' | ')}`);
    assert.ok(texts.includes('593'), 'the cached price is shown');
    assert.match(stale.altText, /非即時資料/);
    assert.equal(server.countRequests(MIS), 4, 'the source was asked again before the cache was used');
  });
});

describe('live directory after a failed start-up', () => {
  let server: ReplayServer;
  let harness: Harness;

  before(async () => {
    server = await startReplayServer();
    server.script(STOCK_DAY_ALL, threeFailures);
    harness = await startHarness({ env: replayEnv(server) });
  });

  after(async () => {
    await harness.gulema.deliverer.idle();
    await harness.stop();
    await server.close();
  });

  it('gives up on the directory at start-up', () => {
    assert.equal(server.countRequests(STOCK_DAY_ALL), 3, 'one request with two retries');
  });

  it('resolves names once the source recovers', async () => {
    // The first look-ups on an empty directory start a reload; the name is found once it lands.
    let message = (await ask(harness, newUser(), '台積電')).message;
    for (let attempt = 0; attempt < 10 && message.type !== 'flex'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      message = (await ask(harness, newUser(), '台積電')).message;
    }

    assert.equal(message.type, 'flex', `expected a quote card, got ${JSON.stringify(message).slice(0, 200)}`);
    assert.match(asFlex(message).altText, /^台積電 2330 593/);
  });
});
