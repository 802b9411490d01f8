/**
 * Delivers outbox rows as LINE messages. A row is leased before any send,
 * so the in-process delivery after commit and the sweeper never work on it
 * at once. The reply token is used first because replies are free; a push
 * with the row's retry key takes over when the token is gone.
 */
import type pg from 'pg';
import type { messagingApi } from '@line/bot-sdk';
import type { Intent } from '../../machines/intents.ts';
import { lazyChild, type Logger } from '../logger.ts';
import { LineApiError, type LineClient } from '../line/client.ts';
import { QUOTA_WARNING, type PushQuota } from './push-quota.ts';
import { createSentMarks } from './sent-marks.ts';

/** LINE accepts a reply token for about a minute after the webhook; leave a margin. */
export const REPLY_TOKEN_TTL_MS = 50_000;

/**
 * How long one delivery attempt may hold a row before a sweeper may take
 * it: render plus up to three LINE calls of at most 5 s each, with backoff.
 * A process killed mid-delivery delays its row by this much.
 */
export const LEASE_SECONDS = 20;

/** After this many failed attempts a row is marked failed and left for the operator. */
const MAX_ATTEMPTS = 8;

export type RenderIntents = (intents: Intent[]) => Promise<messagingApi.Message[]>;

/**
 * An outbox row as the runtime inserts it: leased to the inserting process,
 * with reply_started_at already set when it has a reply token, because that
 * process replies right after commit.
 */
export type LeasedOutboxRow = OutboxRow;

interface OutboxRow {
  id: string;
  chat_id: string;
  chat_type: string;
  event_id: string | null;
  reply_token: string | null;
  received_at: Date;
  intents: Intent[];
  retry_key: string;
  attempts: number;
  reply_started_at: Date | null;
}

export interface DelivererOptions {
  pool: pg.Pool;
  line: LineClient;
  render: RenderIntents;
  logger: Logger;
  /** Counts and caps pushes; without it pushes are unlimited. */
  quota?: PushQuota;
  /** In-process deliveries at once; rows beyond it are left to the sweeper. */
  maxInFlight?: number;
  now?: () => number;
}

/**
 * Deliveries waiting on LINE hold their rendered messages in memory. When
 * LINE hangs under heavy traffic they pile up, so past this many the web
 * process hands new rows to the sweeper instead of running out of heap.
 */
export const MAX_IN_FLIGHT = 1000;

/** Hands a row back: the sweeper may take it at once, and its reply counts as not started. */
const RELEASE = 'UPDATE outbox SET lease_until = NULL, reply_started_at = NULL WHERE id = $1';

export type DeliveryResult = 'sent' | 'pending' | 'failed' | 'notClaimed';

const CLAIM = `
  UPDATE outbox SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
  WHERE id = $1 AND status = 'pending' AND (lease_until IS NULL OR lease_until < now())
  RETURNING id, chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, attempts, reply_started_at`;

class QuotaExceeded extends Error {
  readonly reason: 'limit' | 'paused';

  constructor(reason: 'limit' | 'paused') {
    super(`push quota: ${reason}`);
    this.reason = reason;
  }
}

export function createDeliverer(options: DelivererOptions) {
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<unknown>>();

  async function deliver(id: string): Promise<DeliveryResult> {
    const claimed = await options.pool.query<OutboxRow>(CLAIM, [id, LEASE_SECONDS]);
    const row = claimed.rows[0];
    if (!row) {
      return 'notClaimed';
    }
    return deliverRow(row, false);
  }

  /** `firstAttempt` is set for a row this process leased at insert: no earlier attempt can have used its token. */
  async function deliverRow(row: OutboxRow, firstAttempt: boolean): Promise<DeliveryResult> {
    const log = lazyChild(options.logger, { chatId: row.chat_id, eventId: row.event_id, outboxId: row.id });
    try {
      await showLoading(row, log);

      const messages = await options.render(row.intents);
      if (messages.length === 0) {
        await markSent(row.id, 'none');
        return 'sent';
      }

      const via = await send(row, messages, firstAttempt, log);
      await markSent(row.id, via);
      if (options.logger.isLevelEnabled('debug')) {
        log().debug({ via, messages: messages.length, attempt: row.attempts }, 'messages delivered');
      }
      return 'sent';
    } catch (error) {
      return handleFailure(row, error, log);
    }
  }

  async function send(row: OutboxRow, messages: messagingApi.Message[], firstAttempt: boolean, log: () => Logger): Promise<'reply' | 'push' | 'none'> {
    const tokenFresh = row.reply_token !== null && now() - row.received_at.getTime() < REPLY_TOKEN_TTL_MS;

    if (tokenFresh && row.reply_token) {
      // A row leased at insert had reply_started_at written in the inserting transaction, which saves a round trip here.
      const interrupted = !firstAttempt && row.reply_started_at !== null;
      if (!firstAttempt || row.reply_started_at === null) {
        await options.pool.query('UPDATE outbox SET reply_started_at = COALESCE(reply_started_at, now()) WHERE id = $1', [row.id]);
      }
      try {
        await options.line.reply(row.reply_token, messages);
        return 'reply';
      } catch (error) {
        const failure = error as LineApiError;
        // The token was fresh, so LINE calling it invalid after our own interrupted or timed-out attempt means that attempt used it.
        if (failure instanceof LineApiError && failure.invalidReplyToken && (interrupted || failure.ambiguous)) {
          log().warn({ requestId: failure.requestId }, 'reply token already used by an earlier attempt; counted as delivered');
          return 'reply';
        }
        if (failure instanceof LineApiError && !failure.ambiguous && !interrupted) {
          // LINE acted on no attempt of this reply, so a later attempt must not count it as a reply that may have arrived.
          await options.pool.query('UPDATE outbox SET reply_started_at = NULL WHERE id = $1', [row.id]);
        }
        if (!(failure instanceof LineApiError) || !failure.invalidReplyToken) {
          throw failure;
        }
        log().info({ requestId: failure.requestId }, 'reply token rejected; pushing instead');
      }
    } else if (!firstAttempt && row.reply_started_at !== null && row.reply_token !== null) {
      // NOTE: a reply started with a fresh token and interrupted before LINE answered may or may not have
      // arrived; a push here can duplicate it. The window is one HTTP call, and a lost reply is worse than a repeated one.
      log().warn('an earlier reply attempt was interrupted and its token has expired; pushing');
    }

    // Someone who blocked the bot or removed it from a group gets no pushes, even for work they asked for.
    const chat = await options.pool.query<{ followed: boolean }>('SELECT followed FROM chats WHERE chat_id = $1', [row.chat_id]);
    if (chat.rows[0]?.followed === false) {
      log().info('chat unfollowed or left; push skipped');
      return 'none';
    }

    let pushed = messages;
    if (options.quota) {
      const decision = await options.quota.reserve(now());
      if (!decision.allowed) {
        throw new QuotaExceeded(decision.reason);
      }
      if (decision.warn && messages.length < 5) {
        pushed = [...messages, { type: 'text', text: QUOTA_WARNING }];
      }
    }

    const outcome = await options.line.push(row.chat_id, pushed, row.retry_key);
    if (outcome === 'alreadyAccepted') {
      log().info('push retry key already accepted by LINE; counted as delivered');
    }
    return 'push';
  }

  async function handleFailure(row: OutboxRow, error: unknown, log: () => Logger): Promise<DeliveryResult> {
    if (error instanceof QuotaExceeded) {
      log().warn({ reason: error.reason }, 'push not sent: monthly push quota');
      await options.pool.query("UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $2 WHERE id = $1", [row.id, `push quota: ${error.reason}`]);
      return 'failed';
    }

    const failure = error instanceof LineApiError ? error : null;
    if (failure?.monthlyLimit) {
      await options.quota?.pauseForMonth(now());
    }
    const detail = { status: failure?.status, requestId: failure?.requestId, body: failure?.body, attempt: row.attempts, err: failure ? undefined : error };
    const retryable = failure === null ? false : failure.retryable && !failure.monthlyLimit;

    if (retryable && row.attempts < MAX_ATTEMPTS) {
      log().warn(detail, 'delivery failed; will retry');
      // Release the lease early so the sweeper can retry on its next run.
      await options.pool.query("UPDATE outbox SET lease_until = now() + interval '5 seconds', last_error = $2 WHERE id = $1", [row.id, String((error as Error)?.message ?? error).slice(0, 500)]);
      return 'pending';
    }

    log().error(detail, 'delivery failed; giving up on this message');
    await options.pool.query("UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = $2 WHERE id = $1", [row.id, String((error as Error)?.message ?? error).slice(0, 500)]);
    return 'failed';
  }

  /** Starts the loading animation; a failure is only logged, because the animation is a courtesy. */
  async function showLoading(row: OutboxRow, log: () => Logger): Promise<void> {
    const loading = row.intents.find((intent) => intent.type === 'loading');
    if (!loading || loading.type !== 'loading' || row.chat_type !== 'user') {
      return;
    }
    try {
      await options.line.showLoading(row.chat_id, loading.seconds);
    } catch (error) {
      log().warn({ status: (error as LineApiError).status, requestId: (error as LineApiError).requestId }, 'loading animation failed');
    }
  }

  const sentMarks = createSentMarks(options.pool);

  async function markSent(id: string, via: 'reply' | 'push' | 'none'): Promise<void> {
    await sentMarks.mark(id, via);
  }

  const maxInFlight = options.maxInFlight ?? MAX_IN_FLIGHT;
  let handedBack = 0;

  /** Starts delivering a row this process leased at insert, without waiting; failures are logged, and the row stays for the sweeper. */
  function deliverSoon(leased: LeasedOutboxRow): void {
    if (inFlight.size >= maxInFlight) {
      handBack(leased);
      return;
    }
    const running = deliverRow(leased, true).catch((error: unknown) => options.logger.error({ err: error, outboxId: leased.id }, 'delivery crashed; the sweeper will retry'));
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  }

  function handBack(leased: LeasedOutboxRow): void {
    handedBack += 1;
    // One line per 100 rows: under this load a line per row would add to the trouble.
    if (handedBack % 100 === 1) {
      options.logger.warn({ inFlight: inFlight.size, handedBack, outboxId: leased.id }, 'too many deliveries in flight; leaving new rows to the sweeper');
    }
    void options.pool.query(RELEASE, [leased.id]).catch((error: unknown) => {
      // The lease then runs out by itself, LEASE_SECONDS after the insert.
      options.logger.error({ err: error, outboxId: leased.id }, 'could not release an outbox row for the sweeper');
    });
  }

  /** Delivers every pending row whose lease is free; returns how many were sent. */
  async function sweep(limit = 100): Promise<number> {
    const pending = await options.pool.query<{ id: string }>(
      "SELECT id FROM outbox WHERE status = 'pending' AND (lease_until IS NULL OR lease_until < now()) ORDER BY id LIMIT $1",
      [limit],
    );
    let sent = 0;
    for (const { id } of pending.rows) {
      if ((await deliver(id)) === 'sent') {
        sent += 1;
      }
    }
    return sent;
  }

  /** Resolves when every delivery started by `deliverSoon` has finished. */
  async function idle(): Promise<void> {
    while (inFlight.size > 0) {
      await Promise.allSettled([...inFlight]);
    }
  }

  return { deliver, deliverSoon, sweep, idle };
}

export type Deliverer = ReturnType<typeof createDeliverer>;
