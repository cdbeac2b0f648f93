-- intake/: non-purchase events, birthday bonuses, expiry warnings (src/intake/event_store.h),
-- and the ledger's record of each customer's last activity for the after_inactivity expiry
-- policy. Every table is customer-owned and keyed by customer_id first.

-- One row per event the shop reported, capped or not; event_id from sequence
-- "customer_events", public_id (evt_<random>) is what the API shows.
CREATE TABLE customer_events (
  customer_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL,
  public_id TEXT NOT NULL,
  name TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  reference TEXT,                        -- the shop's id of what happened (a review's id)
  points BIGINT NOT NULL CHECK (points >= 0),
  capped INTEGER NOT NULL CHECK (capped IN (0, 1)),
  program_version BIGINT NOT NULL,
  lot_id BIGINT,                         -- the ledger lot of its points; NULL when capped
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, event_id)
);

-- How many events of a capped rule a customer reported in one calendar period of the
-- shop's time zone ("day:2024-03-01", "week:2024-02-26", "month:2024-03", "year:2024",
-- "lifetime"). An upsert on this row counts and locks at once, so caps are exact however
-- many requests for one customer run together.
CREATE TABLE event_cap_counts (
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  period TEXT NOT NULL,
  events BIGINT NOT NULL CHECK (events > 0),
  PRIMARY KEY (customer_id, name, period)
);

-- The birthday bonus of one customer in one year (points 0: skipped, see docs/loyalty.md).
CREATE TABLE birthday_bonuses (
  customer_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  points BIGINT NOT NULL CHECK (points >= 0),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, year)
);
CREATE INDEX customers_birthday ON customers (birthday);

-- "Points will expire" records for the notifications a later issue sends: written once per
-- customer and expiry time, warning_days before it.
CREATE TABLE expiry_warnings (
  customer_id BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  points BIGINT NOT NULL CHECK (points > 0),
  written_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, expires_at)
);

-- ledger/: the customer's last order, event or redemption (hold capture), set in the same
-- transaction as it; the after_inactivity policy expires their points `months` later.
-- Books written before this migration count their last change as the last activity.
ALTER TABLE ledger_balances ADD COLUMN last_activity_at BIGINT;
UPDATE ledger_balances SET last_activity_at = updated_at;
CREATE INDEX ledger_balances_activity ON ledger_balances (last_activity_at);
