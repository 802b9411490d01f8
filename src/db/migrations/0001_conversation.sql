-- One row per LINE chat (user, group or room) with its dialogue snapshot.
CREATE TABLE chats (
  chat_id          text PRIMARY KEY,
  chat_type        text NOT NULL CHECK (chat_type IN ('user', 'group', 'room')),
  machine_id       text,
  machine_version  integer,
  snapshot         jsonb,
  revision         bigint NOT NULL DEFAULT 0,
  -- LINE's timestamp of the last applied event, to apply events in order.
  last_event_at    timestamptz,
  -- When the current dialogue last moved; a dialogue idle too long expires.
  dialogue_at      timestamptz,
  followed         boolean NOT NULL DEFAULT true,
  unfollowed_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Webhook events already applied, by webhookEventId; pruned after a while.
CREATE TABLE processed_events (
  event_id     text PRIMARY KEY,
  chat_id      text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- Intents waiting to be delivered as LINE messages, written in the same
-- transaction as the snapshot that produced them.
CREATE TABLE outbox (
  id                 bigserial PRIMARY KEY,
  chat_id            text NOT NULL,
  chat_type          text NOT NULL,
  event_id           text,
  reply_token        text,
  -- When LINE delivered the event: a reply token is valid for about a minute after it.
  received_at        timestamptz NOT NULL DEFAULT now(),
  intents            jsonb NOT NULL,
  retry_key          uuid NOT NULL,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts           integer NOT NULL DEFAULT 0,
  lease_until        timestamptz,
  reply_started_at   timestamptz,
  sent_via           text CHECK (sent_via IN ('reply', 'push')),
  sent_at            timestamptz,
  last_error         text,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_pending ON outbox (created_at) WHERE status = 'pending';
