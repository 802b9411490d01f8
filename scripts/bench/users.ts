/**
 * Simulated LINE users for the load generator. Each request is one signed
 * webhook with one text event of one user; a user alternates 即時查詢 and
 * 2330, so every second event ends a dialogue with a quote card. Every
 * event gets a fresh webhookEventId and reply token, as LINE sends them.
 */
import { createHash } from 'node:crypto';
import { signBody } from '../../src/line/sign.ts';
import { textEvent, webhookBody } from '../../src/line/webhook-events.ts';
import type { NextRequest } from './load.ts';

/** The bot's own user id in the `destination` field; any value of LINE's shape works. */
const BOT_USER_ID = `U${'0'.repeat(32)}`;

const TEXTS = ['即時查詢', '2330'] as const;

/**
 * Returns a request builder that takes the least recently used user each
 * time. With more users than requests in flight, no user has two events
 * in flight at once, as with a person typing.
 */
export function createUserRotation(userCount: number, channelSecret: string, label: string): NextRequest {
  const users = Array.from({ length: userCount }, (_unused, index) => ({
    // Deterministic ids per label, so two runs in one database do not share chats.
    userId: `U${createHash('md5').update(`${label}:${index}`).digest('hex')}`,
    turn: 0,
  }));
  let cursor = 0;

  return () => {
    const user = users[cursor % users.length]!;
    cursor += 1;

    const text = TEXTS[user.turn % TEXTS.length]!;
    user.turn += 1;

    const body = JSON.stringify(webhookBody([textEvent({ userId: user.userId, text })], BOT_USER_ID));
    return {
      body,
      headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, channelSecret) },
    };
  };
}
