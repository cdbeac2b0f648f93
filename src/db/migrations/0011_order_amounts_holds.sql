-- orders/: order-level discount, shipping and tax; per line its own discount, its net
-- (after its discount and its share of the order's) and its category (as given, else the
-- catalog's at intake); the ledger holds an order pays with (points as payment). ledger/: a
-- hold an order names waits for that order and is no longer timed out.
ALTER TABLE orders ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
ALTER TABLE orders ADD COLUMN shipping_minor BIGINT NOT NULL DEFAULT 0 CHECK (shipping_minor >= 0);
ALTER TABLE orders ADD COLUMN tax_minor BIGINT NOT NULL DEFAULT 0 CHECK (tax_minor >= 0);
-- Merchandise after every discount; what returns may refund at most.
ALTER TABLE orders ADD COLUMN net_minor BIGINT NOT NULL DEFAULT 0;
UPDATE orders SET net_minor = total_minor;

ALTER TABLE order_lines ADD COLUMN discount_minor BIGINT NOT NULL DEFAULT 0 CHECK (discount_minor >= 0);
ALTER TABLE order_lines ADD COLUMN net_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN category TEXT;
UPDATE order_lines SET net_minor = amount_minor;

-- The holds an order names, in the order given. A hold pays for one order at most: the
-- ledger's order_bound flag, set under the customer's lock, decides that (a unique key here
-- would refuse a second order with a 409 before intake could answer a field-level 422).
CREATE TABLE order_holds (
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  hold_no INTEGER NOT NULL,              -- 0-based position in points_holds
  hold_public_id TEXT NOT NULL,
  PRIMARY KEY (customer_id, order_id, hold_no)
);

ALTER TABLE ledger_holds ADD COLUMN order_bound INTEGER NOT NULL DEFAULT 0
  CHECK (order_bound IN (0, 1));
