-- ledger/: the points ledger (src/ledger/ledger.h explains the accounts and signs).
-- Ids come from Transaction::NextId: sequences "ledger_txns", "ledger_lots", "ledger_holds".
-- Every table is customer-owned and keyed by customer_id first, so all of one customer's
-- books live on one Citus shard and system-account totals are sums, never a hot row; the
-- one global look-up (a hold's public id) is hold_lookup.
-- Points are BIGINT, times BIGINT unix seconds UTC.

-- Immutable: one row per ledger transaction, never updated or deleted.
CREATE TABLE ledger_txns (
  customer_id BIGINT NOT NULL,
  ledger_txn_id BIGINT NOT NULL,
  kind TEXT NOT NULL,                    -- earn, release, cancel, clawback, expire, ...
  reason TEXT NOT NULL,
  source_type TEXT NOT NULL,             -- order, return, event, hold, adjustment, job
  source_ref TEXT NOT NULL,              -- order external id, hold public id, event name
  program_version BIGINT,
  actor TEXT,                            -- the API key id behind an adjustment
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, ledger_txn_id)
);

-- Immutable: a transaction's postings sum to zero. lot_id is set on every posting to a
-- pending, available or held account (the lot the points belong to) and on system-account
-- postings that pair with one; NULL on debt postings.
CREATE TABLE ledger_postings (
  customer_id BIGINT NOT NULL,
  ledger_txn_id BIGINT NOT NULL,
  posting_no INTEGER NOT NULL,
  account TEXT NOT NULL CHECK (account IN ('pending', 'available', 'held', 'debt', 'issued',
                                           'redeemed', 'expired', 'reversed', 'adjusted')),
  lot_id BIGINT,
  points BIGINT NOT NULL CHECK (points <> 0),
  PRIMARY KEY (customer_id, ledger_txn_id, posting_no)
);

-- Cached state, changed in the same transaction as the postings it summarises. debt is
-- what the customer owes, non-negative (the debt account's postings sum to -debt).
-- lifetime_earned: points earned net of cancellations and claw-backs.
CREATE TABLE ledger_balances (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  pending BIGINT NOT NULL DEFAULT 0 CHECK (pending >= 0),
  available BIGINT NOT NULL DEFAULT 0 CHECK (available >= 0),
  held BIGINT NOT NULL DEFAULT 0 CHECK (held >= 0),
  debt BIGINT NOT NULL DEFAULT 0 CHECK (debt >= 0),
  lifetime_earned BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Cached state: remaining is what of the lot is still pending or available (held points
-- are in hold_lots); reversed is what cancellations and claw-backs took back of it.
CREATE TABLE ledger_lots (
  customer_id BIGINT NOT NULL,
  lot_id BIGINT NOT NULL,
  source_txn_id BIGINT NOT NULL,
  earned_at BIGINT NOT NULL,
  available_from BIGINT NOT NULL,
  expires_at BIGINT,                     -- NULL: never expires
  points BIGINT NOT NULL CHECK (points > 0),
  remaining BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= points),
  reversed BIGINT NOT NULL DEFAULT 0 CHECK (reversed >= 0 AND reversed <= points),
  state TEXT NOT NULL CHECK (state IN ('pending', 'available', 'cancelled', 'expired')),
  PRIMARY KEY (customer_id, lot_id)
);
CREATE INDEX ledger_lots_release ON ledger_lots (state, available_from);
CREATE INDEX ledger_lots_expiry ON ledger_lots (state, expires_at);

CREATE TABLE ledger_holds (
  customer_id BIGINT NOT NULL,
  hold_id BIGINT NOT NULL,
  public_id TEXT NOT NULL,               -- hold_<random>
  points BIGINT NOT NULL CHECK (points > 0),
  reference TEXT NOT NULL,               -- what the hold pays for (the order's id)
  state TEXT NOT NULL CHECK (state IN ('held', 'captured', 'released')),
  restored BIGINT NOT NULL DEFAULT 0 CHECK (restored >= 0 AND restored <= points),
  place_txn_id BIGINT NOT NULL,
  resolve_txn_id BIGINT,                 -- the capture or release; NULL while held
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  PRIMARY KEY (customer_id, hold_id)
);
CREATE INDEX ledger_holds_open ON ledger_holds (state, created_at);

-- The lots a hold reserved, in the order they were taken; restored: what RestoreHold gave
-- back of them as new lots.
CREATE TABLE hold_lots (
  customer_id BIGINT NOT NULL,
  hold_id BIGINT NOT NULL,
  lot_id BIGINT NOT NULL,
  take_no INTEGER NOT NULL,
  points BIGINT NOT NULL CHECK (points > 0),
  restored BIGINT NOT NULL DEFAULT 0 CHECK (restored >= 0 AND restored <= points),
  PRIMARY KEY (customer_id, hold_id, lot_id)
);

CREATE TABLE hold_lookup (
  public_id TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  hold_id BIGINT NOT NULL
);
