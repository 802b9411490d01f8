-- TWSE's holiday schedule (有價證券集中交易市場開(休)市日期表), one row per
-- year, written by the holiday-refresh job and read by every process into
-- its trading calendar. closures is a JSON array of {date, name} for the
-- days without trading. A year without a row falls back to the built-in
-- seed, or to counting every weekday as a trading day.
CREATE TABLE trading_holidays (
  year        integer PRIMARY KEY,
  closures    jsonb NOT NULL,
  fetched_at  timestamptz NOT NULL
);
