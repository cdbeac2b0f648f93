-- program/: each member's tier (src/program/tier_store.h). Customer-owned, keyed by
-- customer_id first. A customer with no row holds the base level; a row is written when a
-- member first moves or falls below the retain thresholds, and kept after.

-- The level by its code in the program document (codes survive new program versions);
-- since_at: when the member reached it; member_since_day: the first day of membership, from
-- which anniversary years count (the customer's first order); below_retain_since_day: the
-- first day of the grace the member is in, NULL when not below the retain thresholds.
CREATE TABLE customer_tiers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  level_code TEXT NOT NULL,
  since_at BIGINT NOT NULL,
  member_since_day INTEGER NOT NULL,
  below_retain_since_day INTEGER,
  program_version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Every move, immutable: from_level NULL is never written (a member starts at the base
-- level); reason: order, status, return, event, daily (the daily job); reference: the
-- order's, return's or event's id behind it.
CREATE TABLE tier_history (
  customer_id BIGINT NOT NULL,
  move_id BIGINT NOT NULL,               -- sequence "tier_moves"
  from_level TEXT NOT NULL,
  to_level TEXT NOT NULL,
  reason TEXT NOT NULL,
  reference TEXT,
  program_version BIGINT NOT NULL,
  moved_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, move_id)
);
