/**
 * Turns one untrusted LINE webhook event into the few shapes the bot acts
 * on. Anything malformed, from a standby channel, or of a type the bot does
 * not handle becomes a skip with a reason for the log.
 */
import { createHash } from 'node:crypto';

export type ChatType = 'user' | 'group' | 'room';

export interface InboundEvent {
  eventId: string;
  chatId: string;
  chatType: ChatType;
  userId: string | null;
  /** LINE's timestamp, epoch ms. */
  timestamp: number;
  replyToken: string | null;
  redelivery: boolean;
  kind: 'text' | 'postback' | 'follow' | 'unfollow' | 'join' | 'leave' | 'unsupported';
  text?: string;
  postbackData?: string;
  /** For `unsupported`: the message or event type, for the log. */
  detail?: string;
}

export type Normalized = { ok: true; event: InboundEvent } | { ok: false; reason: string; eventId?: string };

/** LINE caps a text message at 5,000 characters; anything longer is not from LINE. */
const MAX_TEXT = 5000;

/** Events that need no answer and change no dialogue. */
const IGNORED_TYPES = new Set(['unsend', 'memberJoined', 'memberLeft', 'videoPlayComplete', 'beacon', 'accountLink', 'membership', 'module', 'activated', 'deactivated', 'botSuspended', 'botResumed', 'delivery', 'messageEdited']);

export function normalizeEvent(raw: unknown): Normalized {
  if (!isObject(raw)) {
    return { ok: false, reason: 'event is not an object' };
  }

  const eventId = eventIdOf(raw);
  const type = raw.type;
  if (typeof type !== 'string') {
    return { ok: false, reason: 'event has no type', eventId };
  }
  if (raw.mode === 'standby') {
    return { ok: false, reason: 'standby mode: another channel owns this chat', eventId };
  }

  const source = sourceOf(raw.source);
  if (!source) {
    return { ok: false, reason: `event ${type} has no usable source`, eventId };
  }

  const timestamp = typeof raw.timestamp === 'number' && Number.isFinite(raw.timestamp) ? raw.timestamp : Date.now();
  const replyToken = typeof raw.replyToken === 'string' && /^[0-9A-Za-z_-]{1,256}$/.test(raw.replyToken) ? raw.replyToken : null;
  const delivery = raw.deliveryContext;
  const redelivery = isObject(delivery) && delivery.isRedelivery === true;
  const base = { eventId, ...source, timestamp, replyToken, redelivery };

  switch (type) {
    case 'message':
      return messageEvent(raw, base);
    case 'postback': {
      const data = isObject(raw.postback) ? raw.postback.data : undefined;
      if (typeof data !== 'string') {
        return { ok: false, reason: 'postback without data', eventId };
      }
      return { ok: true, event: { ...base, kind: 'postback', postbackData: data } };
    }
    case 'follow':
    case 'unfollow':
    case 'join':
    case 'leave':
      return { ok: true, event: { ...base, kind: type } };
    default:
      if (IGNORED_TYPES.has(type)) {
        return { ok: false, reason: `${type} events need no answer`, eventId };
      }
      return { ok: false, reason: `unknown event type ${type.slice(0, 40)}`, eventId };
  }
}

function messageEvent(raw: Record<string, unknown>, base: Omit<InboundEvent, 'kind'>): Normalized {
  const message = raw.message;
  if (!isObject(message) || typeof message.type !== 'string') {
    return { ok: false, reason: 'message event without a message', eventId: base.eventId };
  }

  if (message.type === 'text' && typeof message.text === 'string') {
    return { ok: true, event: { ...base, kind: 'text', text: message.text.slice(0, MAX_TEXT) } };
  }

  return { ok: true, event: { ...base, kind: 'unsupported', detail: message.type.slice(0, 40) } };
}

function sourceOf(source: unknown): Pick<InboundEvent, 'chatId' | 'chatType' | 'userId'> | null {
  if (!isObject(source)) {
    return null;
  }
  const userId = isId(source.userId) ? source.userId : null;

  if (source.type === 'user' && userId) {
    return { chatId: userId, chatType: 'user', userId };
  }
  if (source.type === 'group' && isId(source.groupId)) {
    return { chatId: source.groupId, chatType: 'group', userId };
  }
  if (source.type === 'room' && isId(source.roomId)) {
    return { chatId: source.roomId, chatType: 'room', userId };
  }
  return null;
}

/**
 * LINE stamps every event with a ULID `webhookEventId`. Events without one
 * (old SDK fixtures, hand-made tests) get a hash of their content without
 * `deliveryContext`, so a redelivery of the same event is still recognised.
 */
function eventIdOf(raw: Record<string, unknown>): string {
  if (typeof raw.webhookEventId === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(raw.webhookEventId)) {
    return raw.webhookEventId;
  }
  const { deliveryContext: _ignored, ...content } = raw;
  return `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 40)}`;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
