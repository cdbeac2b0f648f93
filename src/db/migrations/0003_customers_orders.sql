-- Customers, the product catalog, orders, order lines and returns.
-- One script for SQLite and PostgreSQL: BIGINT/INTEGER/TEXT only, no autoincrement (ids come
-- from Transaction::NextId: sequences "customers", "orders", "returns", "products").
-- Money is integer minor units (*_minor), unit prices integer micro-units (*_micros, 1e-6 of
-- a major unit), times BIGINT unix seconds UTC (*_at), calendar days INTEGER days since
-- 1970-01-01 in the shop's time zone (*_day), booleans INTEGER 0/1.
-- Id rules (design.md): every customer-owned row carries customer_id and its primary and
-- unique keys include it; global look-ups by the shop's external ids go through the small
-- *_lookup tables keyed by their own key, which are also the arbiters of idempotent creates.

CREATE TABLE customers (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  external_id TEXT,                      -- the shop's id; NULL for guest customers
  email TEXT,                            -- trimmed and lower-cased; NULL when unknown
  name TEXT,
  country TEXT,                          -- ISO 3166-1 alpha-2, upper case
  birthday INTEGER,                      -- day number
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'guest', 'prospect'))
);
CREATE INDEX customers_email ON customers (email);

CREATE TABLE customer_lookup (
  external_id TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL
);

-- The catalog is shop-wide, not customer-owned.
CREATE TABLE products (
  product_id BIGINT NOT NULL PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT,
  category TEXT,
  price_micros BIGINT,                   -- list price; NULL when unknown
  currency TEXT,                         -- NULL exactly when price_micros is NULL
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE orders (
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  external_id TEXT NOT NULL,
  placed_at BIGINT NOT NULL,
  placed_day INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
  total_minor BIGINT NOT NULL,           -- sum of the lines' amount_minor
  refunded_minor BIGINT NOT NULL DEFAULT 0,  -- sum of this order's returns' refund_minor
  line_count INTEGER NOT NULL,
  request_hash TEXT NOT NULL,            -- hex SHA-256 of the canonical create request
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, order_id)
);

CREATE TABLE order_lookup (
  external_id TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL
);

CREATE TABLE order_lines (
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,              -- 0-based position in the order
  sku TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  unit_price_micros BIGINT NOT NULL CHECK (unit_price_micros >= 0),
  amount_minor BIGINT NOT NULL,          -- LineTotalMinor(quantity, unit_price_micros)
  returned_quantity BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (customer_id, order_id, line_no),
  CHECK (returned_quantity >= 0 AND returned_quantity <= quantity)
);

-- order_id is NULL for an imported return that matched no purchase ("unmatched").
CREATE TABLE returns (
  customer_id BIGINT NOT NULL,
  return_id BIGINT NOT NULL,
  order_id BIGINT,
  external_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  refund_minor BIGINT NOT NULL CHECK (refund_minor >= 0),
  returned_at BIGINT NOT NULL,
  returned_day INTEGER NOT NULL,
  request_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, return_id)
);

CREATE TABLE return_lookup (
  external_id TEXT NOT NULL PRIMARY KEY,
  customer_id BIGINT NOT NULL,
  return_id BIGINT NOT NULL,
  order_id BIGINT
);

CREATE TABLE return_lines (
  customer_id BIGINT NOT NULL,
  return_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  order_line_no INTEGER,                 -- the returned order line; NULL when unmatched
  sku TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  amount_minor BIGINT NOT NULL,          -- the value of the returned goods at the order price
  PRIMARY KEY (customer_id, return_id, line_no)
);
