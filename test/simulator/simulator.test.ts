/**
 * Drives the LINE simulator page in Debian's Chromium against gulema
 * started in-process in local mode: no LINE credentials, the fake Messaging
 * API, recorded market data and a fresh test database.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PROJECT_ROOT, startGulema, type Gulema } from '../../src/bootstrap.ts';
import { FAKE_LINE_PATH, loadConfig } from '../../src/config.ts';
import { LOCAL_CHANNEL_SECRET } from '../../src/line/local-secret.ts';
import { createLogger } from '../../src/logger.ts';
import { isLoopbackAddress, isLoopbackHost } from '../../src/simulator/guard.ts';
import { simulatorRouter } from '../../src/simulator/router.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS_DIR = path.join(PROJECT_ROOT, 'test-artifacts');

/** Timeout for one bot reply; a webhook round trip took under a second on the development machine. */
const ANSWER_TIMEOUT_MS = 15_000;
/** Time for the chart job: queueing, rendering the PNG and the push. */
const CHART_TIMEOUT_MS = 30_000;

const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;

describe('simulator page', () => {
  let database: TestDatabase;
  let gulema: Gulema;
  let front: { url: string; server: Server } | null = null;
  let origin: string;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  let phone: Locator;
  const failedRequests: string[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`);
    }

    database = await createTestDatabase();
    const config = loadConfig({
      PORT: '0',
      MARKET_DATA: 'recorded',
      MARKET_DATA_DIR: marketDataDir(),
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
    });
    assert.equal(config.localMode, true);
    gulema = await startGulema(config, { web: true, worker: true }, createLogger(config.logLevel));

    // Until the app mounts the simulator itself, a front server in this test mounts it beside the fake and /callback.
    const mounted = (await fetch(`${gulema.url}/simulator/`)).status === 200;
    if (mounted) {
      origin = gulema.url!;
    } else {
      front = await startFrontServer(gulema, config.lineChannelSecret);
      origin = front.url;
    }

    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gulema-chromium-'));
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 860, height: 900 },
        locale: 'zh-TW',
      });
    } catch (error) {
      throw new Error(`launching Chromium at ${CHROMIUM} failed: ${(error as Error).message}`);
    }
    page = context.pages()[0] ?? (await context.newPage());
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failedRequests.push(`${response.status()} ${response.url()}`);
      }
    });
    phone = page.locator('.phone').first();
  });

  after(async () => {
    await context?.close();
    if (front) {
      front.server.closeAllConnections();
      front.server.close();
    }
    await gulema?.stop();
    await database?.drop();
    if (userDataDir) {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  async function botText(text: string): Promise<void> {
    await phone.locator('.msg-bot .bubble', { hasText: text }).last().waitFor({ timeout: ANSWER_TIMEOUT_MS });
  }

  async function userText(text: string): Promise<void> {
    await phone.locator('.msg-user .bubble', { hasText: text }).last().waitFor({ timeout: ANSWER_TIMEOUT_MS });
  }

  async function tapChip(label: string): Promise<void> {
    await phone.locator('.quick-replies .chip', { hasText: label }).click({ timeout: ANSWER_TIMEOUT_MS });
  }

  it('shows the rich menu image and six areas', async () => {
    await page.goto(`${origin}/simulator`);
    const image = phone.locator('.rich-menu-image');
    await image.waitFor();
    // The committed PNG is 2500×1686, LINE's full-height rich menu size.
    await page.waitForFunction("document.querySelector('.rich-menu-image')?.naturalWidth === 2500");

    assert.equal(await page.locator('.phone-title').first().textContent(), '你今天 LINE 股了嗎');
    assert.equal(await phone.locator('.rich-menu-area').count(), 6);
    assert.match((await phone.getAttribute('data-user-id')) ?? '', USER_ID_PATTERN);
  });

  it('rich menu tap asks for a stock', async () => {
    await phone.locator('.rich-menu-area[aria-label="即時查詢"]').click();

    await userText('即時查詢');
    await botText('請輸入股票代號或名稱');
  });

  it('typed 2330 shows the quote card', async () => {
    await phone.locator('.composer-input').fill('2330');
    await phone.locator('.composer-send').click();

    await userText('2330');
    const card = phone.locator('.msg-flex', { hasText: '台積電' }).last();
    await card.waitFor({ timeout: ANSWER_TIMEOUT_MS });
    const cardText = (await card.textContent()) ?? '';
    assert.match(cardText, /台積電/);
    assert.match(cardText, /2330/);
    assert.match(cardText, /2465/);
    assert.match(cardText, /2026\/07\/08 13:30/);
    assert.deepEqual(await phone.locator('.quick-replies .chip').allTextContents(), ['技術分析', '加入自選股', '到價提醒', '再查一檔']);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'simulator-quote.png') });
  });

  it('quick replies walk the 技術分析 dialogue', async () => {
    await tapChip('技術分析');
    await userText('技術分析');
    await botText('台積電 2330：要看多長的期間？');

    await tapChip('1 年');
    await userText('1 年');
    await botText('要用哪一種 K 線？');

    await tapChip('日線');
    await userText('日線');
    await botText('要搭配哪一個技術指標？');

    await tapChip('MACD');
    await userText('MACD');
    assert.equal(await phone.locator('.quick-replies .chip').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'simulator-dialogue.png') });
  });

  it('shows the chart image message', async () => {
    try {
      await page.waitForFunction(
        "[...document.querySelectorAll('.phone .msg-image img')].some((img) => img.naturalWidth > 0)",
        undefined,
        { timeout: CHART_TIMEOUT_MS },
      );
      assert.equal(await phone.locator('.typing').count(), 0);
      // The chat follows the image as it loads, as LINE keeps the newest message in view.
      await page.waitForFunction(
        "(() => { const chat = document.querySelector('.phone .chat'); return chat.scrollHeight - chat.scrollTop - chat.clientHeight < 2; })()",
        undefined,
        { timeout: ANSWER_TIMEOUT_MS },
      );
    } finally {
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'simulator-chart.png') });
    }
  });

  it('chat bar text toggles the rich menu', async () => {
    const bar = phone.locator('.chat-bar');
    const menu = phone.locator('.rich-menu');

    await bar.click();
    assert.equal(await menu.isVisible(), false);
    assert.equal(await bar.getAttribute('aria-expanded'), 'false');

    await bar.click();
    assert.equal(await menu.isVisible(), true);
    assert.equal(await bar.getAttribute('aria-expanded'), 'true');
  });

  it('second user gets its own chat', async () => {
    await page.locator('#add-user').click();
    const phones = page.locator('.phone');
    assert.equal(await phones.count(), 2);

    const first = await phones.nth(0).getAttribute('data-user-id');
    const second = await phones.nth(1).getAttribute('data-user-id');
    assert.match(second ?? '', USER_ID_PATTERN);
    assert.notEqual(first, second);

    const other = phones.nth(1);
    await other.locator('.header-button', { hasText: '加入好友' }).click();
    await other.locator('.msg-bot .bubble', { hasText: '歡迎使用' }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    assert.equal(await phone.locator('.msg-bot .bubble', { hasText: '歡迎使用' }).count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'simulator-two-users.png'), fullPage: true });
  });

  it('blocked user cannot send', async () => {
    const other = page.locator('.phone').nth(1);
    const input = other.locator('.composer-input');

    await other.locator('.header-button', { hasText: '封鎖' }).click();
    assert.equal(await input.isDisabled(), true);
    assert.equal(await other.locator('.composer-send').isDisabled(), true);
    await other.locator('.rich-menu-area[aria-label="即時查詢"]').click();
    await other.locator('.notice', { hasText: '解除封鎖後才能傳送訊息' }).waitFor({ timeout: ANSWER_TIMEOUT_MS });
    assert.equal(await other.locator('.msg-user', { hasText: '即時查詢' }).count(), 0, 'the menu tap sent nothing');

    await other.locator('.header-button', { hasText: '加入好友' }).click();
    assert.equal(await input.isDisabled(), false);
  });

  it('page makes no failing requests', () => {
    assert.deepEqual(failedRequests, []);
  });

  it('send API rejects another origin', async () => {
    const response = await fetch(`${origin}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://attacker.invalid' },
      body: JSON.stringify({ userId: `U${'a'.repeat(32)}`, event: 'text', text: '2330' }),
    });
    assert.equal(response.status, 403);
  });

  it('send API rejects an invalid user id', async () => {
    const response = await fetch(`${origin}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'Uxyz', event: 'text', text: '2330' }),
    });
    assert.equal(response.status, 400);
  });

  it('send API returns the callback status', async () => {
    const response = await fetch(`${origin}/simulator/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `U${'b'.repeat(32)}`, event: 'follow' }),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 200 });
  });

  it('richmenu.json has the menu size and areas', async () => {
    const menu = (await (await fetch(`${origin}/simulator/richmenu.json`)).json()) as {
      size: { width: number; height: number };
      chatBarText: string;
      areas: { bounds: { x: number; y: number; width: number; height: number }; action: { type: string; displayText?: string } }[];
    };
    assert.deepEqual(menu.size, { width: 2500, height: 1686 });
    assert.equal(menu.areas.length, 6);
    assert.deepEqual(menu.areas[0]?.bounds, { x: 0, y: 0, width: 833, height: 843 });
    assert.equal(menu.areas[0]?.action.type, 'postback');
    assert.equal(menu.areas[0]?.action.displayText, '即時查詢');
  });

  it('page files never contain the channel secret', async () => {
    for (const file of ['/simulator/', '/simulator/config.json', '/simulator/richmenu.json', '/simulator/assets/app.js', '/simulator/assets/phone.js']) {
      const body = await (await fetch(`${origin}${file}`)).text();
      assert.equal(body.includes(LOCAL_CHANNEL_SECRET), false, file);
    }
  });
});

describe('simulator loopback guard', () => {
  it('accepts loopback socket addresses', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackAddress(address), true, address);
    }
  });

  it('rejects other socket addresses', () => {
    for (const address of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', '2001:db8::1', undefined]) {
      assert.equal(isLoopbackAddress(address), false, String(address));
    }
  });

  it('checks the Host header name', () => {
    assert.equal(isLoopbackHost('127.0.0.1:3000'), true);
    assert.equal(isLoopbackHost('localhost:3000'), true);
    assert.equal(isLoopbackHost('[::1]:3000'), true);
    assert.equal(isLoopbackHost('rebound.example:3000'), false);
    assert.equal(isLoopbackHost(undefined), false);
  });
});

/**
 * Serves the simulator, the app's fake LINE API and a `/callback` that
 * forwards the signed bytes unchanged to gulema's own webhook, so the
 * signature is checked by the real route.
 */
async function startFrontServer(gulema: Gulema, channelSecret: string): Promise<{ url: string; server: Server }> {
  const fakeLine = gulema.fakeLine;
  if (!fakeLine || !gulema.url) {
    throw new Error('gulema did not start in local mode with a web server');
  }

  const app = express();
  app.use('/simulator', simulatorRouter({ channelSecret, fakeLine: { path: FAKE_LINE_PATH, api: fakeLine } }));
  app.use(FAKE_LINE_PATH, fakeLine.router);
  app.post('/callback', express.raw({ type: () => true }), async (req, res) => {
    const headers: Record<string, string> = { 'content-type': req.get('content-type') ?? 'application/json' };
    const signature = req.get('x-line-signature');
    if (signature !== undefined) {
      headers['x-line-signature'] = signature;
    }
    const response = await fetch(`${gulema.url}/callback`, { method: 'POST', headers, body: req.body as Buffer });
    res.status(response.status).type('json').send(await response.text());
  });

  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}
