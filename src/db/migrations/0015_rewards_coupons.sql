-- Rewards and redemption (issue 9): coupons (promotions/coupon_store.cc), the stock of
-- rewards that have one, customers' redemptions (intake/redemption.h) and tier birthday
-- gifts. Customer-owned
-- tables lead with customer_id; coupon_lookup and redemption_lookup find a coupon's or a
-- redemption's customer from its public code or id; reward_stock is a small global table
-- (a reference table on Citus). Points BIGINT, money BIGINT minor units, times BIGINT unix
-- seconds UTC.

-- A coupon's value is copied from the reward that issued it, so a later program version
-- cannot change what a customer already holds.
CREATE TABLE coupons (
  customer_id BIGINT NOT NULL,
  coupon_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- amount_off, percent_off, free_product, free_shipping, donation
  percent_off BIGINT,
  sku TEXT,
  cause TEXT,
  source TEXT NOT NULL,                  -- what issued it: "reward:<code>"
  state TEXT NOT NULL CHECK (state IN ('issued', 'redeemed', 'cancelled')),
  valid_from BIGINT NOT NULL,
  valid_until BIGINT NOT NULL,           -- exclusive
  order_ref TEXT,                        -- the order that used it
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,                    -- when it was redeemed or cancelled
  PRIMARY KEY (customer_id, coupon_id),
  UNIQUE (customer_id, code)
);

-- amount_off and donation coupons: the amount in each currency the reward named.
CREATE TABLE coupon_amounts (
  customer_id BIGINT NOT NULL,
  coupon_id BIGINT NOT NULL,
  currency TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (customer_id, coupon_id, currency)
);

CREATE TABLE coupon_lookup (
  code TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  coupon_id BIGINT NOT NULL
);

-- Only rewards with a stock have a row; the guarded increment decides the last one.
CREATE TABLE reward_stock (
  code TEXT NOT NULL PRIMARY KEY,
  redeemed BIGINT NOT NULL CHECK (redeemed >= 0)
);

CREATE TABLE redemptions (
  customer_id BIGINT NOT NULL,
  redemption_id BIGINT NOT NULL,
  public_id TEXT NOT NULL,               -- red_<token>
  reward_code TEXT NOT NULL,
  points BIGINT NOT NULL CHECK (points > 0),
  hold_public_id TEXT NOT NULL,          -- the captured hold that paid
  coupon_id BIGINT NOT NULL,
  took_stock INTEGER NOT NULL,           -- 1: it counted in reward_stock (given back on cancel)
  state TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
  program_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  PRIMARY KEY (customer_id, redemption_id),
  UNIQUE (customer_id, public_id)
);
-- The per-customer limit counts a customer's active redemptions of one reward.
CREATE INDEX redemptions_by_reward ON redemptions (customer_id, reward_code, state);

CREATE TABLE redemption_lookup (
  public_id TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  redemption_id BIGINT NOT NULL
);

-- A tier's birthday gift (intake/birthday_gifts.h): one per customer and year, claimed by
-- this row in the gift's own transaction; coupon_id is set once the coupon is issued.
CREATE TABLE birthday_gifts (
  customer_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  reward_code TEXT NOT NULL,
  coupon_id BIGINT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, year)
);
