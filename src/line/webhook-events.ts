/**
 * Builders of webhook events shaped like the ones LINE sends for a user's
 * actions, for tests and for the terminal chat client. Each event gets a
 * ULID webhookEventId, a fresh 32-hex reply token (where LINE sends one),
 * `mode: 'active'` and `deliveryContext.isRedelivery: false`.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import { createUlid } from './ulid.ts';

type EventOptions = {
  userId: string;
  /** Milliseconds since the epoch; defaults to now. */
  timestamp?: number;
  webhookEventId?: string;
};

type ChatEventOptions = EventOptions & {
  replyToken?: string;
  /** Sends the event from this group (id starting with C) instead of a 1:1 chat. */
  groupId?: string;
};

export type TextEventOptions = ChatEventOptions & { text: string; messageId?: string };

/**
 * Options of a postback event. The action's displayText is left out on
 * purpose: LINE shows it in the chat as the user's message but does not put
 * it in the webhook.
 */
export type PostbackEventOptions = ChatEventOptions & { data: string; params?: Record<string, string> };

export type FollowEventOptions = EventOptions & { replyToken?: string; isUnblocked?: boolean };

/** Returns a random reply token of 32 hex characters. */
export function createReplyToken(): string {
  return randomBytes(16).toString('hex');
}

export function textEvent(options: TextEventOptions): webhook.MessageEvent & { replyToken: string } {
  return {
    type: 'message',
    message: {
      type: 'text',
      id: options.messageId ?? createMessageId(),
      text: options.text,
      quoteToken: randomBytes(24).toString('base64url'),
    },
    ...chatEventBase(options),
  };
}

export function postbackEvent(options: PostbackEventOptions): webhook.PostbackEvent & { replyToken: string } {
  const postback: webhook.PostbackContent = { data: options.data };
  if (options.params !== undefined) {
    postback.params = options.params;
  }

  return { type: 'postback', postback, ...chatEventBase(options) };
}

/** Builds the event LINE sends when a user adds the bot as a friend or unblocks it. */
export function followEvent(options: FollowEventOptions): webhook.FollowEvent {
  return {
    type: 'follow',
    follow: { isUnblocked: options.isUnblocked ?? false },
    replyToken: options.replyToken ?? createReplyToken(),
    ...eventBase(options, { type: 'user', userId: options.userId }),
  };
}

/** Builds the event LINE sends when a user blocks the bot; it carries no reply token. */
export function unfollowEvent(options: EventOptions): webhook.UnfollowEvent {
  return { type: 'unfollow', ...eventBase(options, { type: 'user', userId: options.userId }) };
}

/** Wraps events in the request body LINE posts; destination is the bot's user id. */
export function webhookBody(events: webhook.Event[], destination: string): webhook.CallbackRequest {
  return { destination, events };
}

type EventFields = Omit<webhook.EventBase, 'type'>;

function chatEventBase(options: ChatEventOptions): EventFields & { replyToken: string } {
  const source: webhook.Source = options.groupId === undefined
    ? { type: 'user', userId: options.userId }
    : { type: 'group', groupId: options.groupId, userId: options.userId };

  return { replyToken: options.replyToken ?? createReplyToken(), ...eventBase(options, source) };
}

function eventBase(options: EventOptions, source: webhook.Source): EventFields {
  return {
    webhookEventId: options.webhookEventId ?? createUlid(),
    deliveryContext: { isRedelivery: false },
    timestamp: options.timestamp ?? Date.now(),
    source,
    mode: 'active',
  };
}

/** Returns a numeric message id of 18 digits, the length LINE's ids have. */
function createMessageId(): string {
  return `${randomInt(100_000_000, 1_000_000_000)}${randomInt(100_000_000, 1_000_000_000)}`;
}
