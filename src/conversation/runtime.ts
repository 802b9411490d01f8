/**
 * Applies webhook events to their chats' dialogues. Events that arrive
 * together share one transaction of four round trips: BEGIN, claim + lock,
 * save + outbox, COMMIT. In it the event ids are claimed, the chats locked,
 * the pure step run per event, the new snapshots stored and the intents
 * queued in the outbox. A batch that fails is applied again event by event,
 * so one bad event fails only itself.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { StockLookup } from '../../machines/events.ts';
import { BACK_WORDS, CANCEL_WORDS, featureOf, isHelpText } from '../../machines/router.ts';
import type { StepInspector, StepRecord } from '../inspect/hook.ts';
import { lazyChild, type Logger } from '../logger.ts';
import { isTransientDatabaseError, withTransaction } from '../db/pool.ts';
import type { LeasedOutboxRow } from '../delivery/outbox.ts';
import type { InboundEvent } from '../webhook/normalize.ts';
import { createBatcher, type Settled } from './batcher.ts';
import { claimAndLock, saveAll, type ChatSave, type LockedChat, type OutboxInsert } from './chat-store.ts';
import { carryOutEffects, withReference, type EffectOptions } from './effects.ts';
import { decodePostback } from './postback.ts';
import { IDLE, step, type ChatState, type ConversationEvent } from './step.ts';

/** Resolves user input to a stock; built from the securities directory. */
export type StockResolver = (query: string) => StockLookup;

export type ApplyOutcome =
  | { status: 'applied'; outboxId: string | null; leased: LeasedOutboxRow | null }
  | { status: 'duplicate' }
  | { status: 'ignored' };

export interface RuntimeOptions extends EffectOptions {
  pool: pg.Pool;
  resolveStock: StockResolver;
  logger: Logger;
  /** Reports each step to the XState inspector relay when `XSTATE_INSPECT=1`. */
  inspector?: StepInspector;
  /** Events per transaction at most; 1 applies every event alone. */
  maxBatchSize?: number;
  /** Transactions of batched events in progress at once. */
  maxConcurrentBatches?: number;
  now?: () => number;
}

/** A batch's work for one event, filled in while its chat is locked. */
interface Pending {
  event: InboundEvent;
  conversationEvent: ConversationEvent | null;
  outcome: ApplyOutcome | null;
  outboxIndex: number | null;
}

export function createRuntime(options: RuntimeOptions) {
  const now = options.now ?? Date.now;
  const batcher = createBatcher(applyBatch, {
    maxBatchSize: options.maxBatchSize ?? 64,
    maxConcurrentBatches: options.maxConcurrentBatches ?? 2,
  });

  /** Applies one event, in a transaction it may share with events submitted at the same time. */
  function apply(event: InboundEvent): Promise<ApplyOutcome> {
    return batcher.submit(event);
  }

  async function applyBatch(events: InboundEvent[]): Promise<Settled<ApplyOutcome>[]> {
    try {
      const outcomes = await applyTogether(events);
      return outcomes.map((value) => ({ ok: true, value }));
    } catch (error) {
      if (events.length === 1 || !worthRetryingAlone(error)) {
        return events.map(() => ({ ok: false, error }));
      }
      options.logger.warn({ err: error, events: events.length }, 'batch of events failed; applying them one by one');
    }

    const results: Settled<ApplyOutcome>[] = [];
    for (const event of events) {
      try {
        const [outcome] = await applyTogether([event]);
        results.push({ ok: true, value: outcome! });
      } catch (error) {
        results.push({ ok: false, error });
      }
    }
    return results;
  }

  async function applyTogether(events: InboundEvent[]): Promise<ApplyOutcome[]> {
    const pending = events.map((event): Pending => ({ event, conversationEvent: toConversationEvent(event, options.resolveStock), outcome: null, outboxIndex: null }));
    const unique = firstOfEachEventId(pending);
    const steps: StepRecord[] = [];

    const leased = await withTransaction(options.pool, async (client) => {
      const chats = await claimAndLock(client, unique.map((item) => item.event));
      const saves: ChatSave[] = [];
      const outbox: OutboxInsert[] = [];

      for (const chat of chats) {
        const claimed = new Set(chat.claimed);
        const mine = unique.filter((item) => item.event.chatId === chat.chat_id && claimed.has(item.event.eventId));
        const working = toWorkingChat(chat);
        for (const item of mine) {
          await applyToChat(client, working, item, outbox, steps);
        }
        saves.push(working.save);
      }

      return saveAll(client, saves, outbox);
    });

    for (const record of steps) {
      options.inspector?.onStep(record);
    }

    return pending.map((item) => {
      if (item.outcome === null) {
        options.logger.info({ chatId: item.event.chatId, eventId: item.event.eventId, redelivery: item.event.redelivery }, 'event already applied; skipped');
        return { status: 'duplicate' };
      }
      if (item.outcome.status !== 'applied' || item.outboxIndex === null) {
        return item.outcome;
      }
      const row = leased.find((candidate) => candidate.event_id === item.event.eventId) ?? null;
      return { status: 'applied', outboxId: row?.id ?? null, leased: row };
    });
  }

  /** Applies one claimed event to its locked chat, updating the chat's pending save and queueing its outbox row. */
  async function applyToChat(client: pg.PoolClient, chat: WorkingChat, item: Pending, outbox: OutboxInsert[], steps: StepRecord[]): Promise<void> {
    const { event, conversationEvent } = item;
    const log = lazyChild(options.logger, { chatId: event.chatId, eventId: event.eventId });
    const save = chat.save;

    if (save.lastEventAt.getTime() > event.timestamp && chat.appliedBefore) {
      // NOTE: applied late rather than dropped, so no user input is lost; the stale-button check still guards choices.
      log().warn({ timestamp: event.timestamp, lastEventAt: save.lastEventAt }, 'event older than the last applied one');
    }

    // Following again after blocking starts fresh: earlier settings are personal data the user walked away from.
    const refollowed = (event.kind === 'follow' || event.kind === 'join') && !save.followed;
    const current: ChatState = refollowed ? { ...save.state, lastCharts: undefined, lastStock: undefined, watchlist: undefined, digest: undefined } : save.state;

    const quiet = event.chatType !== 'user';
    const stepEvent = conversationEvent === null ? null : await withReference(conversationEvent, current, options);
    const result = stepEvent === null ? { state: current, intents: [] } : step(current, stepEvent, now(), quiet);
    if ('resetReason' in result && result.resetReason) {
      log().warn({ reason: result.resetReason }, 'dialogue snapshot reset');
    }

    const left = event.kind === 'unfollow' || event.kind === 'leave';
    const state: ChatState = left ? { ...IDLE, lastCharts: current.lastCharts } : result.state;
    const receivedAt = now();
    const intents = await carryOutEffects(client, result.intents, event, receivedAt, options);

    save.state = state;
    save.preferences = refollowed ? {} : { ...save.preferences, lastCharts: state.lastCharts, lastStock: state.lastStock, watchlist: state.watchlist, digest: state.digest };
    if (left) {
      save.followed = false;
    } else if (event.kind === 'follow' || event.kind === 'join') {
      save.followed = true;
    }
    save.lastEventAt = new Date(Math.max(save.lastEventAt.getTime(), event.timestamp));
    save.events += 1;
    chat.appliedBefore = true;

    if (intents.length > 0) {
      item.outboxIndex = outbox.length;
      outbox.push({
        chatId: event.chatId,
        chatType: event.chatType,
        eventId: event.eventId,
        // The chart job replies with this event's token, so this row must not use it.
        replyToken: intents.some((intent) => intent.type === 'loading') ? null : event.replyToken,
        receivedAt: new Date(receivedAt),
        intents,
        retryKey: randomUUID(),
      });
    }

    if (conversationEvent !== null) {
      steps.push({ chatId: event.chatId, before: current, event: conversationEvent, after: state });
    }
    item.outcome = { status: 'applied', outboxId: null, leased: null };
    if (options.logger.isLevelEnabled('debug')) {
      log().debug({ machine: state.machineId, intents: result.intents.length }, 'event applied');
    }
  }

  return { apply };
}

export type Runtime = ReturnType<typeof createRuntime>;

interface WorkingChat {
  save: ChatSave;
  /** Whether the stored last_event_at came from an earlier event, so an older timestamp means out of order. */
  appliedBefore: boolean;
}

function toWorkingChat(row: LockedChat): WorkingChat {
  const preferences = row.preferences;
  return {
    appliedBefore: row.last_event_at !== null,
    save: {
      chatId: row.chat_id,
      state: {
        machineId: row.machine_id,
        machineVersion: row.machine_version,
        snapshot: row.snapshot,
        dialogueAt: row.dialogue_at?.getTime() ?? null,
        lastCharts: preferences.lastCharts,
        lastStock: preferences.lastStock,
        watchlist: preferences.watchlist,
        digest: preferences.digest,
      },
      lastEventAt: row.last_event_at ?? new Date(0),
      followed: row.followed,
      preferences,
      events: 0,
    },
  };
}

/** Keeps the first submission of each event id: a second copy in the same batch is a duplicate without asking Postgres. */
function firstOfEachEventId(pending: Pending[]): Pending[] {
  const seen = new Set<string>();
  return pending.filter((item) => {
    if (seen.has(item.event.eventId)) {
      return false;
    }
    seen.add(item.event.eventId);
    return true;
  });
}

/**
 * Returns whether a failed batch is worth applying event by event. A
 * deadlock or serialisation failure may pass for a single event, but a lost
 * connection would fail every event again, and slowly.
 */
function worthRetryingAlone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !isTransientDatabaseError(error) || code === '40P01' || code === '40001';
}

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
