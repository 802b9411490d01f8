-- 意見回饋. The LINE user id is stored only as a keyed hash, so feedback can
-- be grouped by sender without keeping who sent it.
CREATE TABLE feedback (
  id          bigserial PRIMARY KEY,
  user_hash   text NOT NULL,
  chat_type   text NOT NULL,
  text        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_created_at ON feedback (created_at);
