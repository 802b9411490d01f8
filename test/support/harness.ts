/**
 * Starts gulema in-process against a fresh test database, the recorded
 * market data and a fake LINE Messaging API on loopback, and sends it
 * signed webhooks as LINE would.
 */
import type { webhook } from '@line/bot-sdk';
import { startGulema, type Gulema, type Roles } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { startFakeLineServer, type FakeLineServer } from '../../src/line/fake-api.ts';
import { signBody } from '../../src/line/sign.ts';
import { webhookBody } from '../../src/line/webhook-events.ts';
import { createLogger } from '../../src/logger.ts';
import { marketDataDir } from '../market/data-dir.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const TEST_SECRET = 'test-channel-secret';
export const TEST_TOKEN = 'test-channel-access-token';
export const BOT_ID = `U${'0'.repeat(32)}`;

export interface Harness {
  gulema: Gulema;
  line: FakeLineServer;
  database: TestDatabase;
  url: string;
  /** Posts a signed webhook with these events; registers their reply tokens with the fake. */
  send(events: webhook.Event[], options?: { signature?: string }): Promise<Response>;
  /** Posts raw bytes with a signature computed over them (or the one given). */
  post(body: string | Buffer, signature?: string | null): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  roles?: Roles;
  /** Another harness's database, to run a second process on the same data. */
  database?: TestDatabase;
  line?: FakeLineServer;
  env?: Record<string, string>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = options.database ?? (await createTestDatabase());
  const line = options.line ?? (await startFakeLineServer({ channelAccessToken: TEST_TOKEN, allowInsecureImageUrls: true }));

  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: database.url,
    LINE_CHANNEL_SECRET: TEST_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_TOKEN,
    LINE_API_BASE_URL: line.baseUrl,
    LINE_DATA_API_BASE_URL: line.baseUrl,
    MARKET_DATA: 'recorded',
    MARKET_DATA_DIR: marketDataDir(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = createLogger(config.logLevel);
  const gulema = await startGulema(config, options.roles ?? { web: true, worker: false }, logger);
  const url = gulema.url!;

  async function post(body: string | Buffer, signature?: string | null): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) {
      headers['x-line-signature'] = signature ?? signBody(body, TEST_SECRET);
    }
    return fetch(`${url}/callback`, { method: 'POST', headers, body });
  }

  return {
    gulema,
    line,
    database,
    url,
    post,
    async send(events, sendOptions = {}) {
      for (const event of events) {
        const source = event.source as { userId?: string; groupId?: string; roomId?: string } | undefined;
        const chatId = source?.groupId ?? source?.roomId ?? source?.userId;
        if ('replyToken' in event && typeof event.replyToken === 'string' && chatId) {
          line.api.registerReplyToken(event.replyToken, chatId);
        }
      }
      return post(JSON.stringify(webhookBody(events, BOT_ID)), sendOptions.signature);
    },
    async stop() {
      await gulema.stop();
      if (!options.line) {
        await line.close();
      }
      if (!options.database) {
        await database.drop();
      }
    },
  };
}
