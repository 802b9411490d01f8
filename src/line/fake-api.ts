/**
 * In-process fake of the LINE Messaging API send endpoints (reply, push,
 * loading animation, validate) and rich menu endpoints, for tests and for
 * local mode without a LINE account. It keeps everything in memory and never
 * contacts LINE.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { messagingApi } from '@line/bot-sdk';
import { SentStore } from './fake-api-store.ts';
import type { SentKind, SentRecord } from './fake-api-store.ts';
import { validateMessages } from './fake-api-validation.ts';
import type { ErrorDetail } from './fake-api-validation.ts';
import { FaultQueue } from './fake-api-faults.ts';
import type { InjectedFault } from './fake-api-faults.ts';
import { createRichMenuRoutes } from './fake-api-richmenu.ts';
import type { RichMenuControls } from './fake-api-richmenu.ts';

export type { SentKind, SentRecord } from './fake-api-store.ts';
export type { InjectedFault } from './fake-api-faults.ts';
export type { RichMenuCall, StoredRichMenu } from './fake-api-richmenu.ts';

export type FakeLineApiOptions = {
  /** When set, every LINE endpoint requires `Authorization: Bearer <token>`. */
  channelAccessToken?: string;
  /** Accepts http://127.0.0.1 and http://localhost image URLs; LINE itself accepts only HTTPS. */
  allowInsecureImageUrls?: boolean;
};

export type FakeLineApi = RichMenuControls & {
  /**
   * LINE's paths (`/v2/bot/...`) plus the `/__fake/...` inbox.
   * NOTE: @line/bot-sdk 11.2.0 resolves its absolute paths with
   * `new URL('/v2/bot/...', baseURL)`, which drops any path in baseURL, so
   * the SDK reaches this router only where it is mounted at `/`.
   */
  router: Router;
  sent(): SentRecord[];
  sentTo(chatId: string): SentRecord[];
  /** Forgets the recorded sends; seq keeps counting up. */
  clear(): void;
  waitFor(predicate: (record: SentRecord) => boolean, timeoutMs?: number): Promise<SentRecord>;
  /** Maps a reply token to its chat; whoever sends the webhook calls this with the event's source. */
  registerReplyToken(replyToken: string, chatId: string): void;
  /** Makes later replies with this token fail as LINE does with a token over its time limit. */
  expireReplyToken(replyToken: string): void;
  /** Makes the next `count` reply, push or loading requests fail with fault.status. */
  failNext(count: number, fault: InjectedFault): void;
  /** Holds the response of the next LINE API request for `ms` after processing it. */
  hang(ms: number): void;
  /** Ends pending long polls, waits and held responses, so a server can close. */
  dispose(): void;
};

const RETRY_KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHAT_ID_PATTERN = /^[UCR][0-9a-f]{32}$/;
const MAX_INBOX_WAIT_MS = 25_000;
const DEFAULT_WAIT_FOR_MS = 5_000;

type Outcome = { status: number; body: unknown; headers?: Record<string, string> };

type SentMessage = { id: string; quoteToken: string };

type AcceptedRetryKey = { requestId: string; sentMessages: SentMessage[] };

/** Creates a fake with its own store; see FakeLineApi. */
export function createFakeLineApi(options: FakeLineApiOptions = {}): FakeLineApi {
  const store = new SentStore();
  const faults = new FaultQueue();
  const validationOptions = { allowInsecureImageUrls: options.allowInsecureImageUrls ?? false };

  const replyTokenChats = new Map<string, string>();
  const usedReplyTokens = new Set<string>();
  const expiredReplyTokens = new Set<string>();
  const acceptedRetryKeys = new Map<string, AcceptedRetryKey>();
  let lastMessageId = 500_000_000_000_000_000n;

  const sentMessagesFor = (messages: unknown[]): SentMessage[] =>
    messages.map(() => {
      lastMessageId += 1n;
      return { id: lastMessageId.toString(), quoteToken: randomBytes(24).toString('base64url') };
    });

  const record = (kind: SentKind, requestId: string, fields: Partial<SentRecord> & { to: string | null }): void => {
    store.add({ kind, requestId, messages: [], at: Date.now(), ...fields });
  };

  const processReply = (req: Request, requestId: string): Outcome => {
    if (req.get('x-line-retry-key') !== undefined) {
      return { status: 400, body: { message: 'The X-Line-Retry-Key header is not supported by this endpoint' } };
    }

    const body = bodyObject(req);
    const details = validateMessages(body.messages, validationOptions);
    if (typeof body.replyToken !== 'string' || body.replyToken === '') {
      details.unshift({ message: 'May not be empty', property: 'replyToken' });
    }
    if (details.length > 0) {
      return invalidBody(details);
    }

    const replyToken = body.replyToken as string;
    if (usedReplyTokens.has(replyToken) || expiredReplyTokens.has(replyToken)) {
      return { status: 400, body: { message: 'Invalid reply token' } };
    }
    usedReplyTokens.add(replyToken);

    const messages = body.messages as messagingApi.Message[];
    record('reply', requestId, { to: replyTokenChats.get(replyToken) ?? null, replyToken, messages });
    return { status: 200, body: { sentMessages: sentMessagesFor(messages) } };
  };

  const processPush = (req: Request, requestId: string): Outcome => {
    const retryKey = req.get('x-line-retry-key');
    if (retryKey !== undefined && !RETRY_KEY_PATTERN.test(retryKey)) {
      return { status: 400, body: { message: 'The X-Line-Retry-Key header must be a UUID' } };
    }

    const accepted = retryKey === undefined ? undefined : acceptedRetryKeys.get(retryKey.toLowerCase());
    if (accepted) {
      return {
        status: 409,
        headers: { 'x-line-accepted-request-id': accepted.requestId },
        body: { message: 'The retry key is already accepted', sentMessages: accepted.sentMessages },
      };
    }

    const body = bodyObject(req);
    const details = validateMessages(body.messages, validationOptions);
    if (typeof body.to !== 'string' || body.to === '') {
      details.unshift({ message: 'May not be empty', property: 'to' });
    }
    if (details.length > 0) {
      return invalidBody(details);
    }

    const to = body.to as string;
    if (!CHAT_ID_PATTERN.test(to)) {
      return { status: 400, body: { message: "The property, 'to', in the request body is invalid (line: -, column: -)" } };
    }

    const messages = body.messages as messagingApi.Message[];
    const sentMessages = sentMessagesFor(messages);
    if (retryKey !== undefined) {
      acceptedRetryKeys.set(retryKey.toLowerCase(), { requestId, sentMessages });
    }

    record('push', requestId, { to, messages, ...(retryKey === undefined ? {} : { retryKey }) });
    return { status: 200, body: { sentMessages } };
  };

  const processLoading = (req: Request, requestId: string): Outcome => {
    const body = bodyObject(req);
    const chatId = body.chatId;
    if (typeof chatId !== 'string' || chatId === '') {
      return invalidBody([{ message: 'May not be empty', property: 'chatId' }]);
    }

    // LINE shows the loading animation only in 1:1 chats, so group (C) and room (R) ids fail.
    if (!chatId.startsWith('U')) {
      return invalidBody([{ message: 'Only user id is acceptable', property: 'chatId' }]);
    }

    const loadingSeconds = body.loadingSeconds ?? 20;
    if (typeof loadingSeconds !== 'number' || !Number.isInteger(loadingSeconds) || loadingSeconds < 5 || loadingSeconds > 60) {
      return invalidBody([{ message: 'Must be between 5 and 60', property: 'loadingSeconds' }]);
    }
    if (loadingSeconds % 5 !== 0) {
      return invalidBody([{ message: 'Must be a multiple of five', property: 'loadingSeconds' }]);
    }

    record('loading', requestId, { to: chatId, loadingSeconds });
    return { status: 202, body: {} };
  };

  const processValidate = (req: Request): Outcome => {
    const details = validateMessages(bodyObject(req).messages, validationOptions);
    return details.length > 0 ? invalidBody(details) : { status: 200, body: {} };
  };

  const sendRoute = (process: (req: Request, requestId: string) => Outcome) =>
    async (req: Request, res: Response): Promise<void> => {
      const requestId = String(res.locals.requestId);
      const fault = faults.takeFault();

      if (fault && !fault.deliver) {
        await faults.delay(fault.delayMs ?? 0);
        respond(res, faultOutcome(fault));
        return;
      }

      const outcome = process(req, requestId);
      if (fault) {
        await faults.delay(fault.delayMs ?? 0);
        respond(res, faultOutcome(fault));
        return;
      }
      await respondAfterHold(res, outcome);
    };

  const respondAfterHold = async (res: Response, outcome: Outcome): Promise<void> => {
    await faults.delay(Number(res.locals.holdMs ?? 0));
    respond(res, outcome);
  };

  const router = express.Router();
  const richMenuRoutes = createRichMenuRoutes({
    validation: validationOptions,
    hold: (res) => faults.delay(Number(res.locals.holdMs ?? 0)),
  });

  router.use(['/v2/bot', '/__fake'], (_req: Request, res: Response, next: NextFunction) => {
    res.locals.requestId = randomUUID();
    res.set('x-line-request-id', res.locals.requestId);
    next();
  });

  router.use('/v2/bot', (req: Request, res: Response, next: NextFunction) => {
    const authError = checkAuthorization(req.get('authorization'), options.channelAccessToken);
    if (authError) {
      respond(res, authError);
      return;
    }

    // A fault's hold replaces this one, so hang() and failNext() can be combined.
    res.locals.holdMs = faults.takeHang();
    next();
  });

  router.use(['/v2/bot', '/__fake'], express.json({ limit: '2mb' }));

  router.post('/v2/bot/message/reply', sendRoute(processReply));
  router.post('/v2/bot/message/push', sendRoute(processPush));
  router.post('/v2/bot/chat/loading/start', sendRoute(processLoading));
  router.post(['/v2/bot/message/validate/reply', '/v2/bot/message/validate/push'], async (req: Request, res: Response) => {
    await respondAfterHold(res, processValidate(req));
  });

  router.use(richMenuRoutes.router);

  router.get('/__fake/messages', async (req: Request, res: Response) => {
    const after = Number(req.query.after ?? 0);
    const waitMs = Math.min(Math.max(Number(req.query.waitMs ?? 0), 0), MAX_INBOX_WAIT_MS);
    const to = typeof req.query.to === 'string' && req.query.to !== '' ? req.query.to : undefined;
    if (!Number.isInteger(after) || after < 0 || Number.isNaN(waitMs)) {
      res.status(400).json({ message: 'after must be a non-negative integer and waitMs a number of milliseconds' });
      return;
    }

    const abort = new AbortController();
    res.on('close', () => abort.abort());

    const filter = (entry: SentRecord): boolean => to === undefined || entry.to === to;
    const items = await store.waitForNewer(filter, after, waitMs, abort.signal);
    if (!res.writableEnded && !res.destroyed) {
      res.json({ items, lastSeq: store.lastSeq });
    }
  });

  router.post('/__fake/reply-tokens', (req: Request, res: Response) => {
    const body = bodyObject(req);
    if (typeof body.replyToken !== 'string' || body.replyToken === '' || typeof body.chatId !== 'string' || body.chatId === '') {
      res.status(400).json({ message: 'replyToken and chatId must be non-empty strings' });
      return;
    }

    replyTokenChats.set(body.replyToken, body.chatId);
    res.status(204).end();
  });

  router.use(['/v2/bot', '/__fake'], (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const parserError = error as { type?: string; status?: number; message?: string };
    if (parserError.type === 'entity.parse.failed') {
      respond(res, invalidBody([{ message: `Invalid JSON: ${parserError.message ?? 'parse error'}`, property: '' }]));
      return;
    }
    if (parserError.type === 'entity.too.large') {
      respond(res, { status: 413, body: { message: 'Request entity too large' } });
      return;
    }
    next(error);
  });

  return {
    router,
    sent: () => store.all(),
    sentTo: (chatId) => store.sentTo(chatId),
    clear: () => store.clear(),
    waitFor: (predicate, timeoutMs = DEFAULT_WAIT_FOR_MS) => store.waitFor(predicate, timeoutMs),
    registerReplyToken: (replyToken, chatId) => {
      replyTokenChats.set(replyToken, chatId);
    },
    expireReplyToken: (replyToken) => {
      expiredReplyTokens.add(replyToken);
    },
    ...richMenuRoutes.controls,
    failNext: (count, fault) => faults.failNext(count, fault),
    hang: (ms) => faults.hang(ms),
    dispose: () => {
      store.dispose();
      faults.dispose();
    },
  };
}

export type FakeLineServer = {
  api: FakeLineApi;
  /** `http://127.0.0.1:<port>`, usable as the SDK's baseURL. */
  baseUrl: string;
  close(): Promise<void>;
};

/** Starts the fake on its own loopback server, mounted at `/`; port 0 picks a free port. */
export async function startFakeLineServer(
  options: FakeLineApiOptions & { port?: number; host?: '127.0.0.1' } = {},
): Promise<FakeLineServer> {
  const { port = 0, host = '127.0.0.1', ...apiOptions } = options;
  const api = createFakeLineApi(apiOptions);

  const app = express();
  app.use(api.router);
  const server = createServer(app);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;

  return {
    api,
    baseUrl: `http://${host}:${address.port}`,
    close: async () => {
      api.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function checkAuthorization(header: string | undefined, token: string | undefined): Outcome | null {
  if (token === undefined) {
    return null;
  }

  if (header === undefined || !header.startsWith('Bearer ')) {
    return { status: 401, body: { message: "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'" } };
  }

  if (header.slice('Bearer '.length) !== token) {
    return { status: 401, body: { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' } };
  }
  return null;
}

function faultOutcome(fault: InjectedFault): Outcome {
  return { status: fault.status, body: fault.body ?? FaultQueue.defaultBody(fault.status) };
}

function invalidBody(details: ErrorDetail[]): Outcome {
  return { status: 400, body: { message: `The request body has ${details.length} error(s)`, details } };
}

function bodyObject(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function respond(res: Response, outcome: Outcome): void {
  if (res.headersSent || res.destroyed) {
    return;
  }

  for (const [name, value] of Object.entries(outcome.headers ?? {})) {
    res.set(name, value);
  }
  res.status(outcome.status).json(outcome.body);
}
