-- 到價提醒. An alert fires once: the job moves it to 'triggered' in the
-- same transaction that queues its push.
CREATE TABLE alerts (
  id            bigserial PRIMARY KEY,
  chat_id       text NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
  code          text NOT NULL,
  name          text NOT NULL,
  market        text NOT NULL,
  condition     text NOT NULL CHECK (condition IN ('above', 'below', 'riseBy', 'fallBy')),
  value         numeric NOT NULL CHECK (value > 0),
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'triggered', 'deleted')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  triggered_at  timestamptz,
  trigger_price numeric
);
CREATE INDEX alerts_active ON alerts (code) WHERE status = 'active';
CREATE INDEX alerts_chat ON alerts (chat_id) WHERE status = 'active';

-- Pushes sent per calendar month (Asia/Taipei), to stay within the plan's quota.
CREATE TABLE push_usage (
  month         text PRIMARY KEY,
  sent          integer NOT NULL DEFAULT 0,
  -- Set when LINE answers 429 for the monthly limit; pushes wait until then.
  paused_until  timestamptz
);
