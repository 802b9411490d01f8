import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createLogger } from '../../../src/logger.ts';
import { createHttpClient, parseRetryAfter } from '../../../src/market/live/http.ts';
import { MarketDataError, type MarketDataErrorCode } from '../../../src/market/types.ts';
import { recordedBodies, startReplayServer, type ReplayServer } from './replay-server.ts';

const PATH = '/exchangeReport/STOCK_DAY';
const TIMEOUT_MS = 200;

const hasCode =
  (code: MarketDataErrorCode) =>
  (error: unknown): boolean =>
    error instanceof MarketDataError && error.code === code;

let server: ReplayServer;
let recordedBody: string;

const client = createHttpClient({
  logger: createLogger('silent'),
  timeoutMs: TIMEOUT_MS,
  maxAttempts: 3,
  baseDelayMs: 10,
  maxDelayMs: 1500,
  perHostLimit: 2,
});

function url(): string {
  return `${server.url}${PATH}?response=json&date=20150501&stockNo=2330`;
}

before(async () => {
  server = await startReplayServer();
  recordedBody = recordedBodies().get(PATH) ?? '';
});

beforeEach(() => {
  server.requests.length = 0;
  server.maxInFlight = 0;
});

after(() => server.close());

describe('http client', () => {
  it('returns the recorded body', async () => {
    const text = await client.getText(url());
    assert.equal(text, recordedBody);
    assert.match(text, /104年05月 2330 台積電\s+各日成交資訊/);
    assert.equal(server.countRequests(PATH), 1);
  });

  it('sends a gulema User-Agent', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    await client.getText(url());
    assert.equal(server.requests[0]?.userAgent, `gulema/${version} (LINE stock bot)`);
  });

  it('retries a 500 then succeeds', async () => {
    server.script(PATH, [{ status: 500, body: 'Internal Server Error' }]);
    const text = await client.getText(url());
    assert.equal(text, recordedBody);
    assert.equal(server.countRequests(PATH), 2);
  });

  it('gives up after three 503s', async () => {
    server.script(PATH, [{ status: 503 }, { status: 503 }, { status: 503 }]);
    await assert.rejects(client.getText(url()), (error: unknown) => {
      assert.ok(hasCode('unavailable')(error));
      assert.match((error as Error).message, /HTTP 503/);
      assert.ok((error as Error).cause instanceof Error);
      return true;
    });
    assert.equal(server.countRequests(PATH), 3);
  });

  it('retries a timeout, then gives up', async () => {
    server.script(PATH, [{ delayMs: TIMEOUT_MS * 3 }, { delayMs: TIMEOUT_MS * 3 }, { delayMs: TIMEOUT_MS * 3 }]);
    const started = Date.now();
    await assert.rejects(client.getText(url()), (error: unknown) => {
      assert.ok(hasCode('unavailable')(error));
      assert.match((error as Error).message, /timed out after 200 ms/);
      return true;
    });
    assert.equal(server.countRequests(PATH), 3);
    assert.ok(Date.now() - started >= TIMEOUT_MS * 3, 'each attempt waited for its timeout');
  });

  it('recovers when a slow answer is followed by a fast one', async () => {
    server.script(PATH, [{ delayMs: TIMEOUT_MS * 3 }]);
    assert.equal(await client.getText(url()), recordedBody);
    assert.equal(server.countRequests(PATH), 2);
  });

  it('honours Retry-After on 429', async () => {
    server.script(PATH, [{ status: 429, headers: { 'retry-after': '1' } }]);
    const started = Date.now();
    assert.equal(await client.getText(url()), recordedBody);
    assert.ok(Date.now() - started >= 950, `waited ${Date.now() - started} ms, expected about 1000`);
    assert.equal(server.countRequests(PATH), 2);
  });

  it('caps a long Retry-After', async () => {
    server.script(PATH, [{ status: 429, headers: { 'retry-after': '120' } }]);
    const started = Date.now();
    assert.equal(await client.getText(url()), recordedBody);
    const waited = Date.now() - started;
    assert.ok(waited >= 1450, `waited ${waited} ms, expected the 1500 ms cap`);
    assert.ok(waited < 5000, `waited ${waited} ms, expected the 1500 ms cap`);
  });

  it('returns raw bytes', async () => {
    const big5 = new Uint8Array([0xa5, 0x78, 0xbf, 0x6e, 0xb9, 0x71]);
    server.script(PATH, [{ body: big5 }]);
    assert.deepEqual(await client.getBytes(url()), big5);
  });

  it('waits longer with a per-request timeout', async () => {
    server.script(PATH, [{ delayMs: TIMEOUT_MS * 2 }]);
    const bytes = await client.getBytes(url(), { timeoutMs: TIMEOUT_MS * 5 });
    assert.equal(new TextDecoder().decode(bytes), recordedBody);
    assert.equal(server.countRequests(PATH), 1, 'the slow answer arrived within the longer timeout');
  });

  it('does not retry a 400', async () => {
    server.script(PATH, [{ status: 400, body: 'bad request' }]);
    await assert.rejects(client.getText(url()), hasCode('unavailable'));
    assert.equal(server.countRequests(PATH), 1);
  });

  it('maps 404 to notFound once', async () => {
    await assert.rejects(client.getText(`${server.url}/v8/finance/chart/NOSUCH.TW`), hasCode('notFound'));
    assert.equal(server.countRequests('/v8/finance/chart/NOSUCH.TW'), 1);
  });

  it('returns broken 200 bodies unchanged', async () => {
    const truncated = recordedBody.slice(0, 100);
    server.script(PATH, [{ body: truncated }, { body: '<html><body>請稍後再試</body></html>' }, { body: '' }]);
    assert.equal(await client.getText(url()), truncated);
    assert.equal(await client.getText(url()), '<html><body>請稍後再試</body></html>');
    assert.equal(await client.getText(url()), '');
    assert.equal(server.countRequests(PATH), 3);
  });

  it('limits requests in flight per host', async () => {
    server.script(PATH, Array.from({ length: 8 }, () => ({ delayMs: 60 })));
    const texts = await Promise.all(Array.from({ length: 8 }, () => client.getText(url())));
    assert.equal(texts.length, 8);
    assert.equal(server.countRequests(PATH), 8);
    assert.equal(server.maxInFlight, 2);
  });

  it('fails on a refused connection', async () => {
    const closed = await startReplayServer();
    const closedUrl = closed.url;
    await closed.close();
    await assert.rejects(client.getText(`${closedUrl}${PATH}`), (error: unknown) => {
      assert.ok(hasCode('unavailable')(error));
      assert.match((error as Error).message, /gave up after 3 attempts/);
      return true;
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    assert.equal(parseRetryAfter('3'), 3000);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('2026-12-04T08:00:00Z');
    assert.equal(parseRetryAfter('Fri, 04 Dec 2026 08:00:05 GMT', now), 5000);
  });

  it('ignores an invalid value', () => {
    assert.equal(parseRetryAfter('soon'), null);
    assert.equal(parseRetryAfter(null), null);
  });
});
