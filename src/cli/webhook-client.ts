/**
 * HTTP side of the terminal chat client: posts signed webhooks to a local
 * gulema server the way LINE does, and reads what the bot sent from the
 * fake LINE API's inbox.
 */
import type { webhook } from '@line/bot-sdk';
import type { SentRecord } from '../line/fake-api-store.ts';
import { signBody } from '../line/sign.ts';
import { followEvent, postbackEvent, textEvent, webhookBody } from '../line/webhook-events.ts';

/** Bot user id put in `destination`; local mode has no real bot account. */
export const LOCAL_BOT_USER_ID = `U${'0'.repeat(32)}`;

export const DEFAULT_FAKE_LINE_PATH = '/fake-line';

const CALLBACK_TIMEOUT_MS = 10_000;

export type WebhookTarget = {
  /** Server origin, e.g. http://127.0.0.1:3000. */
  url: string;
  channelSecret: string;
  destination?: string;
  /** Where the server mounts the fake LINE API; null skips reply-token registration. */
  fakeLinePath?: string | null;
};

export type WebhookResult = { status: number; body: string };

/** The server did not answer at all (connection refused, DNS, reset). */
export class ServerUnreachableError extends Error {
  readonly url: string;

  constructor(url: string, cause: unknown) {
    const code = (cause as { cause?: { code?: string } }).cause?.code;
    super(`cannot reach ${url}${code ? ` (${code})` : ''}; is the gulema server running?`, { cause });
    this.name = 'ServerUnreachableError';
    this.url = url;
  }
}

export async function sendTextEvent(options: WebhookTarget & { userId: string; text: string; groupId?: string }): Promise<WebhookResult> {
  const event = textEvent({ userId: options.userId, text: options.text, ...groupOption(options.groupId) });
  await registerReplyToken(options, event.replyToken, options.groupId ?? options.userId);
  return postWebhook(options, [event]);
}

export async function sendPostbackEvent(options: WebhookTarget & { userId: string; data: string; groupId?: string }): Promise<WebhookResult> {
  const event = postbackEvent({ userId: options.userId, data: options.data, ...groupOption(options.groupId) });
  await registerReplyToken(options, event.replyToken, options.groupId ?? options.userId);
  return postWebhook(options, [event]);
}

export async function sendFollowEvent(options: WebhookTarget & { userId: string }): Promise<WebhookResult> {
  const event = followEvent({ userId: options.userId });
  await registerReplyToken(options, event.replyToken, options.userId);
  return postWebhook(options, [event]);
}

/** Posts the events to `<url>/callback` with a valid `x-line-signature`. */
export async function postWebhook(target: WebhookTarget, events: webhook.Event[]): Promise<WebhookResult> {
  const body = JSON.stringify(webhookBody(events, target.destination ?? LOCAL_BOT_USER_ID));
  const callbackUrl = `${target.url}/callback`;

  const response = await request(callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, target.channelSecret) },
    body,
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  });

  return { status: response.status, body: await response.text() };
}

/** Tells the fake LINE API which chat a reply token belongs to, so the bot's reply reaches the inbox. */
export async function registerReplyToken(target: WebhookTarget, replyToken: string, chatId: string): Promise<void> {
  const fakeLinePath = target.fakeLinePath === undefined ? DEFAULT_FAKE_LINE_PATH : target.fakeLinePath;
  if (fakeLinePath === null) {
    return;
  }

  const registerUrl = `${target.url}${fakeLinePath}/__fake/reply-tokens`;
  const response = await request(registerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ replyToken, chatId }),
  });

  if (!response.ok) {
    throw new Error(`registering a reply token at ${registerUrl} failed with HTTP ${response.status}; is the server in local mode?`);
  }
}

export type InboxPage = { items: SentRecord[]; lastSeq: number };

/** Long-polls the fake LINE API for what was sent to `to` after seq `after`. */
export async function fetchInbox(
  target: WebhookTarget,
  query: { to: string; after: number; waitMs: number; signal?: AbortSignal },
): Promise<InboxPage> {
  const fakeLinePath = target.fakeLinePath ?? DEFAULT_FAKE_LINE_PATH;
  const params = new URLSearchParams({ to: query.to, after: String(query.after), waitMs: String(query.waitMs) });
  const inboxUrl = `${target.url}${fakeLinePath}/__fake/messages?${params}`;

  const response = await request(inboxUrl, query.signal ? { signal: query.signal } : {});
  if (!response.ok) {
    throw new Error(`reading ${inboxUrl} failed with HTTP ${response.status}; is the server in local mode?`);
  }
  return (await response.json()) as InboxPage;
}

async function request(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    // fetch rejects with a TypeError for network failures; aborts and timeouts pass through.
    if (error instanceof TypeError) {
      throw new ServerUnreachableError(url, error);
    }
    throw error;
  }
}

function groupOption(groupId: string | undefined): { groupId?: string } {
  return groupId === undefined ? {} : { groupId };
}
