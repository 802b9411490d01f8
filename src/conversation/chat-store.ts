/**
 * The two statements of a batch of webhook events. The first claims every
 * event id and locks every chat with a claimed event. The second stores
 * every chat's new state and inserts every outbox row. Chats are locked in
 * chat_id order, so two batches that share chats cannot deadlock on them.
 */
import type pg from 'pg';
import type { Intent } from '../../machines/intents.ts';
import type { ChatState } from './step.ts';
import { LEASE_SECONDS, type LeasedOutboxRow } from '../delivery/outbox.ts';
import type { InboundEvent } from '../webhook/normalize.ts';

export type Preferences = Pick<ChatState, 'lastCharts' | 'lastStock' | 'watchlist' | 'digest'>;

/** A locked chat row, and the ids of the batch's events that this call claimed for it. */
export interface LockedChat {
  chat_id: string;
  machine_id: string | null;
  machine_version: number | null;
  snapshot: unknown;
  dialogue_at: Date | null;
  last_event_at: Date | null;
  followed: boolean;
  preferences: Preferences;
  claimed: string[];
}

/** A chat's state after the batch's events, as the second statement stores it. */
export interface ChatSave {
  chatId: string;
  state: ChatState;
  lastEventAt: Date;
  followed: boolean;
  preferences: Preferences;
  events: number;
}

/** An outbox row to insert, leased to this process. */
export interface OutboxInsert {
  chatId: string;
  chatType: InboundEvent['chatType'];
  eventId: string;
  replyToken: string | null;
  receivedAt: Date;
  intents: Intent[];
  retryKey: string;
}

const CLAIM_AND_LOCK = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS e (event_id, chat_id, chat_type)
  ), claim AS (
    INSERT INTO processed_events (event_id, chat_id)
    SELECT event_id, chat_id FROM input
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id, chat_id
  ), locked AS (
    INSERT INTO chats (chat_id, chat_type)
    SELECT DISTINCT ON (chat_id) chat_id, chat_type FROM input
    WHERE chat_id IN (SELECT chat_id FROM claim)
    ORDER BY chat_id
    ON CONFLICT (chat_id) DO UPDATE SET chat_id = EXCLUDED.chat_id
    RETURNING chat_id, machine_id, machine_version, snapshot, dialogue_at, last_event_at, followed, preferences
  )
  SELECT locked.*, ARRAY(SELECT claim.event_id FROM claim WHERE claim.chat_id = locked.chat_id) AS claimed
  FROM locked`;

// Rows travel as two JSON arrays: JSON.stringify is native, while pg escapes Postgres array literals in JavaScript.
// reply_started_at is set at insert because this process replies right after commit; see the deliverer.
const SAVE_ALL = `
  WITH saved AS (
    UPDATE chats SET
      machine_id = s.machine_id, machine_version = s.machine_version, snapshot = s.snapshot, dialogue_at = s.dialogue_at,
      last_event_at = GREATEST(chats.last_event_at, s.last_event_at),
      followed = s.followed,
      unfollowed_at = CASE WHEN s.followed THEN NULL ELSE COALESCE(chats.unfollowed_at, now()) END,
      preferences = s.preferences,
      revision = chats.revision + s.events, updated_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS s (
      chat_id text, machine_id text, machine_version integer, snapshot jsonb, dialogue_at timestamptz,
      last_event_at timestamptz, followed boolean, preferences jsonb, events integer
    )
    WHERE chats.chat_id = s.chat_id
  )
  INSERT INTO outbox (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, lease_until, attempts, reply_started_at)
  SELECT o.chat_id, o.chat_type, o.event_id, o.reply_token, o.received_at, o.intents, o.retry_key,
    now() + make_interval(secs => $3), 1, CASE WHEN o.reply_token IS NULL THEN NULL ELSE now() END
  FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (
    chat_id text, chat_type text, event_id text, reply_token text, received_at timestamptz, intents jsonb, retry_key uuid
  )) WITH ORDINALITY AS o (chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, position)
  ORDER BY o.position
  RETURNING id, chat_id, chat_type, event_id, reply_token, received_at, intents, retry_key, attempts, reply_started_at`;

/** Claims the events and locks their chats; chats whose events were all applied before are not returned. */
export async function claimAndLock(client: pg.PoolClient, events: InboundEvent[]): Promise<LockedChat[]> {
  const result = await client.query<LockedChat>(CLAIM_AND_LOCK, [
    events.map((event) => event.eventId),
    events.map((event) => event.chatId),
    events.map((event) => event.chatType),
  ]);
  return result.rows;
}

/** Stores the chats' new states and inserts the outbox rows; returns the rows, leased to this process. */
export async function saveAll(client: pg.PoolClient, chats: ChatSave[], outbox: OutboxInsert[]): Promise<LeasedOutboxRow[]> {
  const chatRows = chats.map((chat) => ({
    chat_id: chat.chatId,
    machine_id: chat.state.machineId,
    machine_version: chat.state.machineVersion,
    snapshot: chat.state.snapshot,
    dialogue_at: chat.state.dialogueAt === null ? null : new Date(chat.state.dialogueAt),
    last_event_at: chat.lastEventAt,
    followed: chat.followed,
    preferences: chat.preferences,
    events: chat.events,
  }));
  const outboxRows = outbox.map((row) => ({
    chat_id: row.chatId,
    chat_type: row.chatType,
    event_id: row.eventId,
    reply_token: row.replyToken,
    received_at: row.receivedAt,
    intents: row.intents,
    retry_key: row.retryKey,
  }));

  const result = await client.query<LeasedOutboxRow>(SAVE_ALL, [JSON.stringify(chatRows), JSON.stringify(outboxRows), LEASE_SECONDS]);
  return result.rows;
}
