/**
 * Scripted user dialogues as LINE webhook events, and a sender that posts
 * them signed to any gulema origin (a process, a proxy) while timing the
 * response. Used by the scale-out and fault tests, which run gulema as child
 * processes and so cannot use the in-process harness's `send`.
 */
import type { messagingApi, webhook } from '@line/bot-sdk';
import { encodeChoice } from '../../src/conversation/postback.ts';
import type { FakeLineApi, SentRecord } from '../../src/line/fake-api.ts';
import { signBody } from '../../src/line/sign.ts';
import { postbackEvent, textEvent, webhookBody } from '../../src/line/webhook-events.ts';
import { BOT_ID, TEST_SECRET } from './harness.ts';

/** One user action: typed text, or a tapped dialogue choice (dialogue, step, value). */
export type DialogueStep = string | readonly [string, string, string];

export type ChatEvent = ReturnType<typeof textEvent> | ReturnType<typeof postbackEvent>;

/** 即時查詢 → 2330: a prompt, then the quote card. */
export const QUOTE_DIALOGUE: DialogueStep[] = ['即時查詢', '2330'];

/** 技術分析 → 2330 → 1 年 → 日線 → MACD: four prompts, then the chart and its reading. */
export const TECHNICAL_DIALOGUE: DialogueStep[] = [
  '技術分析',
  '2330',
  ['technical', 'askPeriod', '1y'],
  ['technical', 'askInterval', 'day'],
  ['technical', 'askIndicator', 'MACD'],
];

let userCounter = 0;

/** Returns a fresh LINE user id (U + 32 hex) unique within the test process. The prefix is 1–8 hex digits. */
export function newUserId(prefix: string): string {
  userCounter += 1;
  const stamp = (Date.now() % 0x1000000).toString(16).padStart(6, '0');
  return `U${prefix.padEnd(20, '0')}${stamp}${userCounter.toString(16).padStart(6, '0')}`;
}

export function eventFor(userId: string, step: DialogueStep, timestamp?: number): ChatEvent {
  if (typeof step === 'string') {
    return textEvent({ userId, text: step, timestamp });
  }
  const [dialogue, stepName, value] = step;
  return postbackEvent({ userId, data: encodeChoice(dialogue, stepName, value), timestamp });
}

/** Returns a copy as LINE redelivers it: same webhookEventId and reply token, `isRedelivery: true`. */
export function redelivery<T extends webhook.Event>(event: T): T {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

export interface PostOutcome {
  status: number;
  /** Round trip of the webhook POST, in milliseconds. */
  ms: number;
}

/**
 * Posts signed events to `${origin}/callback` and registers their reply
 * tokens with the fake first. A connection error counts as status 0, as
 * LINE would see a dead endpoint.
 */
export async function postEvents(origin: string, events: ChatEvent[], line: FakeLineApi): Promise<PostOutcome> {
  for (const event of events) {
    const source = event.source as { userId?: string; groupId?: string };
    line.registerReplyToken(event.replyToken, source.groupId ?? source.userId ?? '');
  }

  const body = JSON.stringify(webhookBody(events, BOT_ID));
  const started = performance.now();
  try {
    const response = await fetch(`${origin}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, TEST_SECRET) },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

/** Returns the records of this chat that carry messages (replies and pushes), oldest first. */
export function messageRecords(line: FakeLineApi, chatId: string): SentRecord[] {
  return line.sentTo(chatId).filter((record) => record.kind !== 'loading');
}

/**
 * Describes one delivered message by what the user reads: its type and
 * text, quick-reply labels, or Flex altText. Image URLs and ids differ per
 * run and are left out.
 */
export function describeMessage(message: messagingApi.Message): string {
  const quickReplies = (message.quickReply?.items ?? []).map((item) => item.action?.label ?? '').join('|');
  switch (message.type) {
    case 'text':
      return `text:${message.text} [${quickReplies}]`;
    case 'flex':
      return `flex:${message.altText} [${quickReplies}]`;
    case 'image':
      return 'image';
    default:
      return message.type;
  }
}

/** Lists every message this chat received, in order, as `describeMessage` strings. */
export function conversationTranscript(line: FakeLineApi, chatId: string): string[] {
  return messageRecords(line, chatId).flatMap((record) => record.messages.map(describeMessage));
}

/** Waits until the chat has at least `count` message records, polling the fake every 20 ms. */
export async function waitForMessageRecords(line: FakeLineApi, chatId: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (messageRecords(line, chatId).length < count) {
    if (Date.now() > deadline) {
      throw new Error(`chat ${chatId} received ${messageRecords(line, chatId).length} of ${count} expected message records within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
