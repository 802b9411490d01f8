/**
 * The simulator's send action: turns what a person did in the page into the
 * webhook event LINE would send, and posts it signed to the bot's own
 * `/callback`, so the signature check runs exactly as for LINE.
 */
import type { webhook } from '@line/bot-sdk';
import { postWebhook } from '../cli/webhook-client.ts';
import type { WebhookResult } from '../cli/webhook-client.ts';
import { followEvent, postbackEvent, textEvent, unfollowEvent } from '../line/webhook-events.ts';

/** LINE user ids: `U` and 32 lowercase hex digits. */
const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;

/** LINE's limit on a text message, in UTF-16 units. */
const MAX_TEXT_LENGTH = 5000;

/** LINE's limit on postback data. */
const MAX_POSTBACK_DATA_LENGTH = 300;

export type SendRequest =
  | { userId: string; event: 'text'; text: string }
  | { userId: string; event: 'postback'; data: string }
  | { userId: string; event: 'follow' | 'unfollow' };

export type SendTarget = {
  /** Origin of the server whose `/callback` receives the webhook. */
  url: string;
  channelSecret: string;
  /** Maps a reply token to its chat in the fake LINE API. */
  registerReplyToken(replyToken: string, chatId: string): void;
};

/**
 * Checks the page's request body. Returns the request, or the reason it is
 * invalid. `displayText` is accepted and dropped: LINE shows it in the chat
 * but never puts it in the webhook.
 */
export function parseSendRequest(body: unknown): SendRequest | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'body must be a JSON object' };
  }
  const fields = body as Record<string, unknown>;

  const userId = fields.userId;
  if (typeof userId !== 'string' || !USER_ID_PATTERN.test(userId)) {
    return { error: 'userId must be U followed by 32 lowercase hex digits' };
  }
  if (fields.displayText !== undefined && typeof fields.displayText !== 'string') {
    return { error: 'displayText must be a string when given' };
  }

  switch (fields.event) {
    case 'text': {
      const text = fields.text;
      if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_TEXT_LENGTH) {
        return { error: `text must be a non-blank string of at most ${MAX_TEXT_LENGTH} characters` };
      }
      return { userId, event: 'text', text };
    }
    case 'postback': {
      const data = fields.data;
      if (typeof data !== 'string' || data === '' || data.length > MAX_POSTBACK_DATA_LENGTH) {
        return { error: `data must be a non-empty string of at most ${MAX_POSTBACK_DATA_LENGTH} characters` };
      }
      return { userId, event: 'postback', data };
    }
    case 'follow':
    case 'unfollow':
      return { userId, event: fields.event };
    default:
      return { error: 'event must be one of text, postback, follow, unfollow' };
  }
}

/** Builds the event, registers its reply token with the fake, and posts it signed. */
export async function sendSimulatedEvent(request: SendRequest, target: SendTarget): Promise<WebhookResult> {
  const event = buildEvent(request);

  if ('replyToken' in event && typeof event.replyToken === 'string') {
    target.registerReplyToken(event.replyToken, request.userId);
  }

  // fakeLinePath null: the token is registered in-process above, not over HTTP.
  return postWebhook({ url: target.url, channelSecret: target.channelSecret, fakeLinePath: null }, [event]);
}

function buildEvent(request: SendRequest): webhook.Event {
  switch (request.event) {
    case 'text':
      return textEvent({ userId: request.userId, text: request.text });
    case 'postback':
      return postbackEvent({ userId: request.userId, data: request.data });
    case 'follow':
      return followEvent({ userId: request.userId });
    case 'unfollow':
      return unfollowEvent({ userId: request.userId });
  }
}
