/**
 * The intents that are not messages, carried out inside the event's
 * transaction: a chart or forecast request becomes a queued pg-boss job
 * (plus the loading animation in a 1:1 chat), feedback is stored and
 * thanked for, and 到價提醒 changes are written.
 */
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { feedbackCopy } from '../../machines/copy.ts';
import type { ChartRequest, Intent, StockRef } from '../../machines/intents.ts';
import { FEATURE_SHORTCUTS } from '../../machines/router.ts';
import type { InboundEvent } from '../webhook/normalize.ts';
import { applyAlertIntent } from './alerts.ts';
import type { ChatState, ConversationEvent } from './step.ts';

/** The destination of a job's result: the chat, and the reply token of the event that requested the work. */
export interface JobTarget {
  chatId: string;
  chatType: InboundEvent['chatType'];
  eventId: string;
  replyToken: string | null;
  /** Epoch ms when the webhook arrived, for the reply token's age. */
  receivedAt: number;
}

/** The payload of a chart job. */
export interface ChartJobData extends JobTarget {
  request: ChartRequest;
}

/** The payload of a forecast job. */
export interface ForecastJobData extends JobTarget {
  forecast: { stock: StockRef; model: 'lstm' | 'rf' };
}

export type SlowJob = { queue: 'chart'; data: ChartJobData } | { queue: 'forecast'; data: ForecastJobData };

/** Queues a job inside the caller's transaction, so it exists exactly when the snapshot does. */
export type EnqueueJob = (client: pg.PoolClient, job: SlowJob) => Promise<void>;

export interface EffectOptions {
  enqueueJob?: EnqueueJob;
  /** Key for hashing user ids of stored feedback; the channel secret serves. */
  feedbackHashKey: string;
  /** Optional external form that the thank-you message links to. */
  feedbackFormUrl?: string | null;
  /** The current price of a stock for checking 到價提醒 values; null when unknown. */
  referencePrice?: (code: string) => Promise<number | null>;
}

/** LINE allows 5 to 60 s and stops the animation when a message arrives. */
const LOADING_SECONDS = { chart: 20, forecast: 60 } as const;

/**
 * A price look-up for a 到價提醒 value gives up after this long, so that a
 * slow market-data source cannot hold the other events of a batch. The
 * machine then accepts the value unchecked.
 */
const REFERENCE_TIMEOUT_MS = 1500;

/** Carries out the non-message intents and returns the intents left to deliver. */
export async function carryOutEffects(client: pg.PoolClient, intents: Intent[], event: InboundEvent, receivedAt: number, options: EffectOptions): Promise<Intent[]> {
  const remaining: Intent[] = [];
  for (const intent of intents) {
    if (intent.type === 'saveAlert' || intent.type === 'showAlerts' || intent.type === 'deleteAlert') {
      remaining.push(await applyAlertIntent(client, event.chatId, intent));
      continue;
    }

    if (intent.type === 'saveFeedback') {
      const userHash = createHmac('sha256', options.feedbackHashKey).update(event.userId ?? event.chatId).digest('hex');
      await client.query('INSERT INTO feedback (user_hash, chat_type, text) VALUES ($1, $2, $3)', [userHash, event.chatType, intent.text]);
      const link = options.feedbackFormUrl ? `\n${feedbackCopy.formLink(options.feedbackFormUrl)}` : '';
      remaining.push({ type: 'say', text: `${feedbackCopy.thanks}${link}`, shortcuts: [...FEATURE_SHORTCUTS] });
      continue;
    }

    if (intent.type !== 'renderChart' && intent.type !== 'runForecast') {
      remaining.push(intent);
      continue;
    }
    if (!options.enqueueJob) {
      throw new Error(`a dialogue requested ${intent.type}, but this runtime has no job queue`);
    }

    const target: JobTarget = { chatId: event.chatId, chatType: event.chatType, eventId: event.eventId, replyToken: event.replyToken, receivedAt };
    const job: SlowJob =
      intent.type === 'renderChart'
        ? { queue: 'chart', data: { ...target, request: intent.request } }
        : { queue: 'forecast', data: { ...target, forecast: { stock: intent.stock, model: intent.model } } };
    await options.enqueueJob(client, job);

    // LINE rejects the loading animation outside 1:1 chats.
    if (event.chatType === 'user') {
      remaining.push({ type: 'loading', seconds: LOADING_SECONDS[job.queue] });
    }
  }
  return remaining;
}

/**
 * Attaches the current price to text typed at the 到價提醒 value step, so
 * the machine can check the value against it.
 * NOTE: this look-up runs while the chat's row is locked; quotes are cached for seconds, and it is cut off after REFERENCE_TIMEOUT_MS.
 */
export async function withReference(event: ConversationEvent, current: ChatState, options: EffectOptions): Promise<ConversationEvent> {
  const snapshot = current.snapshot as { value?: unknown; context?: { stock?: StockRef } } | null;
  if (event.type !== 'text' || current.machineId !== 'alert' || snapshot?.value !== 'askValue' || !snapshot.context?.stock || !options.referencePrice) {
    return event;
  }

  const stock = snapshot.context.stock;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), REFERENCE_TIMEOUT_MS);
  });
  const price = await Promise.race([options.referencePrice(stock.code).catch(() => null), timeout]).finally(() => clearTimeout(timer));
  return { ...event, reference: price === null ? null : { price, etf: stock.code.startsWith('00') } };
}
