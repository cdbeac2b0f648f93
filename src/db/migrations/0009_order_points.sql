-- intake/: what each order earned, line by line, under which program version, and the lot
-- that holds it, so a cancellation or a return reverses exactly that, by the rules that
-- earned it, however the program has changed since. Customer-owned, keyed by the order.
CREATE TABLE order_points (
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  lot_id BIGINT NOT NULL,                -- the ledger lot of the order's points
  program_version BIGINT NOT NULL,
  first_order INTEGER NOT NULL CHECK (first_order IN (0, 1)),
  first_order_bonus BIGINT NOT NULL,     -- as earned; *_kept after returns re-checked them
  spend_bonus BIGINT NOT NULL,
  first_order_bonus_kept BIGINT NOT NULL,
  spend_bonus_kept BIGINT NOT NULL,
  release_scheduled INTEGER NOT NULL CHECK (release_scheduled IN (0, 1)),
  PRIMARY KEY (customer_id, order_id)
);

CREATE TABLE order_line_points (
  customer_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  line_no INTEGER NOT NULL,
  points BIGINT NOT NULL,
  PRIMARY KEY (customer_id, order_id, line_no)
);
