-- Per-chat settings remembered between dialogues (用上次的設定).
ALTER TABLE chats ADD COLUMN preferences jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Images the bot serves at /charts/:id.png; ids are random, so unguessable.
CREATE TABLE images (
  id          text PRIMARY KEY,
  png         bytea NOT NULL,
  preview     bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX images_expires_at ON images (expires_at);

-- Files offered for download, such as 歷史資料 CSVs, at /downloads/:id.csv.
CREATE TABLE downloads (
  id            text PRIMARY KEY,
  filename      text NOT NULL,
  content_type  text NOT NULL,
  body          bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX downloads_expires_at ON downloads (expires_at);

-- A job's result is queued once even when pg-boss retries the job.
ALTER TABLE outbox ADD COLUMN job_id text UNIQUE;

-- A row that only starts the loading animation sends no message.
ALTER TABLE outbox DROP CONSTRAINT outbox_sent_via_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_sent_via_check CHECK (sent_via IN ('reply', 'push', 'none'));
