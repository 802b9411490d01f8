/**
 * Applies webhook events to their chat's dialogue. Per event, in one
 * transaction: claim the event id, lock the chat row, run the pure step,
 * store the new snapshot and queue the intents in the outbox. Four round
 * trips: BEGIN, claim + lock, update + outbox, COMMIT.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { feedbackCopy } from '../../machines/copy.ts';
import { BACK_WORDS, CANCEL_WORDS, FEATURE_SHORTCUTS, featureOf, isHelpText } from '../../machines/router.ts';
import type pg from 'pg';
import type { StockLookup } from '../../machines/events.ts';
import type { ChartRequest, Intent, StockRef } from '../../machines/intents.ts';
import type { StepInspector } from '../inspect/hook.ts';
import type { Logger } from '../logger.ts';
import { withTransaction } from '../db/pool.ts';
import { LEASE_SECONDS, type LeasedOutboxRow } from '../delivery/outbox.ts';
import type { InboundEvent } from '../webhook/normalize.ts';
import { decodePostback } from './postback.ts';
import { applyAlertIntent } from './alerts.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from './step.ts';

/** Resolves user input to a stock; built from the securities directory. */
export type StockResolver = (query: string) => StockLookup;

export type ApplyOutcome =
  | { status: 'applied'; outboxId: string | null; leased: LeasedOutboxRow | null }
  | { status: 'duplicate' }
  | { status: 'ignored' };

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

export interface RuntimeOptions {
  pool: pg.Pool;
  resolveStock: StockResolver;
  logger: Logger;
  enqueueJob?: EnqueueJob;
  /** Key for hashing user ids of stored feedback; the channel secret serves. */
  feedbackHashKey: string;
  /** Optional external form that the thank-you message links to. */
  feedbackFormUrl?: string | null;
  /** The current price of a stock for checking 到價提醒 values; null when unknown. */
  referencePrice?: (code: string) => Promise<number | null>;
  /** Reports each step to the XState inspector relay when `XSTATE_INSPECT=1`. */
  inspector?: StepInspector;
  now?: () => number;
}

/** LINE allows 5 to 60 s and stops the animation when the answer arrives. */
const LOADING_SECONDS = { chart: 20, forecast: 60 } as const;

interface ChatRow {
  machine_id: string | null;
  machine_version: number | null;
  snapshot: unknown;
  dialogue_at: Date | null;
  last_event_at: Date | null;
  followed: boolean;
  preferences: Pick<ChatState, 'lastCharts' | 'lastStock' | 'watchlist' | 'digest'>;
}

const CLAIM_AND_LOCK = `
  WITH claim AS (
    INSERT INTO processed_events (event_id, chat_id) VALUES ($1, $2)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING 1
  )
  INSERT INTO chats (chat_id, chat_type)
  SELECT $2, $3 WHERE EXISTS (SELECT 1 FROM claim)
  ON CONFLICT (chat_id) DO UPDATE SET chat_id = EXCLUDED.chat_id
  RETURNING machine_id, machine_version, snapshot, dialogue_at, last_event_at, followed, preferences`;

const SAVE_AND_QUEUE = `
  WITH saved AS (
    UPDATE chats SET
      machine_id = $2, machine_version = $3, snapshot = $4, dialogue_at = $5,
      last_event_at = GREATEST(last_event_at, $6),
      followed = $7,
      unfollowed_at = CASE WHEN $7 THEN NULL ELSE COALESCE(unfollowed_at, now()) END,
      preferences = $15,
      revision = revision + 1, updated_at = now()
    WHERE chat_id = $1
  )
  INSERT INTO outbox (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, lease_until, attempts)
  SELECT $1, $8, $9, $10, $11, $12, $13, now() + make_interval(secs => $16), 1 WHERE $14::boolean
  RETURNING id, chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, attempts, reply_started_at`;

export function createRuntime(options: RuntimeOptions) {
  const now = options.now ?? Date.now;

  async function apply(event: InboundEvent): Promise<ApplyOutcome> {
    const log = options.logger.child({ chatId: event.chatId, eventId: event.eventId });
    const conversationEvent = toConversationEvent(event, options.resolveStock);

    return withTransaction(options.pool, async (client) => {
      const claimed = await client.query<ChatRow>(CLAIM_AND_LOCK, [event.eventId, event.chatId, event.chatType]);
      const row = claimed.rows[0];
      if (!row) {
        log.info({ redelivery: event.redelivery }, 'event already applied; skipped');
        return { status: 'duplicate' };
      }

      if (row.last_event_at && event.timestamp < row.last_event_at.getTime()) {
        // NOTE: applied late rather than dropped, so no user input is lost; the stale-button check still guards choices.
        log.warn({ timestamp: event.timestamp, lastEventAt: row.last_event_at }, 'event older than the last applied one');
      }

      // Following again after blocking starts fresh: earlier settings are personal data the user walked away from.
      const refollowed = (event.kind === 'follow' || event.kind === 'join') && !row.followed;
      if (refollowed) {
        row.preferences = {};
      }

      const current: ChatState = {
        machineId: row.machine_id,
        machineVersion: row.machine_version,
        snapshot: row.snapshot,
        dialogueAt: row.dialogue_at?.getTime() ?? null,
        lastCharts: row.preferences.lastCharts,
        lastStock: row.preferences.lastStock,
        watchlist: row.preferences.watchlist,
        digest: row.preferences.digest,
      };

      const quiet = event.chatType !== 'user';
      const stepEvent = conversationEvent === null ? null : await withReference(conversationEvent, current);
      const result = stepEvent === null ? { state: current, intents: [] } : step(current, stepEvent, now(), quiet);
      if ('resetReason' in result && result.resetReason) {
        log.warn({ reason: result.resetReason }, 'dialogue snapshot reset');
      }

      let followed = row.followed;
      if (event.kind === 'unfollow' || event.kind === 'leave') {
        followed = false;
      } else if (event.kind === 'follow' || event.kind === 'join') {
        followed = true;
      }
      const state: ChatState = event.kind === 'unfollow' || event.kind === 'leave' ? { ...IDLE, lastCharts: current.lastCharts } : result.state;
      const receivedAt = now();
      const intents = await carryOutEffects(client, result.intents, event, receivedAt);
      const hasIntents = intents.length > 0;
      // The chart job replies with this event's token, so this row must not use it.
      const replyToken = intents.some((intent) => intent.type === 'loading') ? null : event.replyToken;

      // The new row is leased to this process at insert, so delivering it right after commit needs no claim.
      const saved = await client.query<LeasedOutboxRow>(SAVE_AND_QUEUE, [
        event.chatId,
        state.machineId,
        state.machineVersion,
        state.snapshot === null ? null : JSON.stringify(state.snapshot),
        state.dialogueAt === null ? null : new Date(state.dialogueAt),
        new Date(event.timestamp),
        followed,
        event.chatType,
        event.eventId,
        replyToken,
        new Date(receivedAt),
        JSON.stringify(intents),
        randomUUID(),
        hasIntents,
        JSON.stringify(refollowed ? {} : { ...row.preferences, lastCharts: state.lastCharts, lastStock: state.lastStock, watchlist: state.watchlist, digest: state.digest }),
        LEASE_SECONDS,
      ]);

      if (conversationEvent !== null) {
        options.inspector?.onStep({ chatId: event.chatId, before: current, event: conversationEvent, after: state });
      }

      const leased = saved.rows[0] ?? null;
      const outboxId = leased?.id ?? null;
      log.debug({ machine: state.machineId, intents: result.intents.length, outboxId }, 'event applied');
      return { status: 'applied', outboxId, leased };
    });
  }

  /**
   * Carries out intents that are not messages, inside the event's
   * transaction: a chart or forecast request becomes a queued job (plus the
   * loading animation in a 1:1 chat), and feedback is stored and thanked for.
   */
  async function carryOutEffects(client: pg.PoolClient, intents: Intent[], event: InboundEvent, receivedAt: number): Promise<Intent[]> {
    const kept: Intent[] = [];
    for (const intent of intents) {
      if (intent.type === 'saveAlert' || intent.type === 'showAlerts' || intent.type === 'deleteAlert') {
        kept.push(await applyAlertIntent(client, event.chatId, intent));
        continue;
      }
      if (intent.type === 'saveFeedback') {
        await client.query('INSERT INTO feedback (user_hash, chat_type, text) VALUES ($1, $2, $3)', [hashUserId(event.userId ?? event.chatId), event.chatType, intent.text]);
        const link = options.feedbackFormUrl ? `\n${feedbackCopy.formLink(options.feedbackFormUrl)}` : '';
        kept.push({ type: 'say', text: `${feedbackCopy.thanks}${link}`, shortcuts: [...FEATURE_SHORTCUTS] });
        continue;
      }
      if (intent.type !== 'renderChart' && intent.type !== 'runForecast') {
        kept.push(intent);
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
        kept.push({ type: 'loading', seconds: LOADING_SECONDS[job.queue] });
      }
    }
    return kept;
  }

  /**
   * Attaches the current price to text typed at the 到價提醒 value step, so
   * the machine can check the value against it.
   * NOTE: this fetch runs while the chat's row is locked; quotes are cached for seconds, so it is short.
   */
  async function withReference(event: ConversationEvent, current: ChatState): Promise<ConversationEvent> {
    const snapshot = current.snapshot as { value?: unknown; context?: { stock?: StockRef } } | null;
    if (event.type !== 'text' || current.machineId !== 'alert' || snapshot?.value !== 'askValue' || !snapshot.context?.stock || !options.referencePrice) {
      return event;
    }
    const stock = snapshot.context.stock;
    const price = await options.referencePrice(stock.code).catch(() => null);
    return { ...event, reference: price === null ? null : { price, etf: stock.code.startsWith('00') } };
  }

  function hashUserId(userId: string): string {
    return createHmac('sha256', options.feedbackHashKey).update(userId).digest('hex');
  }

  return { apply };
}

export type Runtime = ReturnType<typeof createRuntime>;

function isMenuWord(text: string): boolean {
  return featureOf({ type: 'text', text, stock: { kind: 'notFound' } }) !== null || isHelpText(text) || CANCEL_WORDS.has(text.trim()) || BACK_WORDS.has(text.trim());
}

function toConversationEvent(event: InboundEvent, resolveStock: StockResolver): ConversationEvent | null {
  switch (event.kind) {
    case 'text':
      // Menu words such as 即時查詢 are never stocks, and a partial-name scan for them is the slowest look-up.
      return { type: 'text', text: event.text!, stock: isMenuWord(event.text!) ? { kind: 'notFound' } : resolveStock(event.text!) };
    case 'postback': {
      const postback = decodePostback(event.postbackData);
      if (postback === null) {
        return { type: 'choice', dialogue: '', step: '', value: '', stock: { kind: 'notFound' } };
      }
      if (postback.kind === 'command') {
        // The stock code, where a command carries one, is its last part: quote:2330, watch:add:2330.
        const argument = postback.command.split(':').at(-1) ?? '';
        return { type: 'command', command: postback.command, stock: argument ? resolveStock(argument) : { kind: 'notFound' } };
      }
      return { type: 'choice', dialogue: postback.dialogue, step: postback.step, value: postback.value, stock: resolveStock(postback.value) };
    }
    case 'follow':
      return { type: 'follow' };
    case 'join':
      return { type: 'join' };
    case 'unsupported':
      return { type: 'unsupported' };
    case 'unfollow':
    case 'leave':
      return null;
  }
}
