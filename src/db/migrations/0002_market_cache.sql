-- Market data fetched from the exchanges and Yahoo, shared by every process.
-- A row past expires_at is no longer served as current, but it is kept as
-- the stale fallback for when the source fails, until the pruning job
-- deletes rows that expired long ago.
CREATE TABLE market_cache (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  fetched_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX market_cache_expires_at ON market_cache (expires_at);
