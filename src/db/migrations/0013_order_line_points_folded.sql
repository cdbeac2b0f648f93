-- intake/: an order's line points move into its order_points row. line_points holds each
-- line's points by line_no, comma-separated ("45,68,0"): the lines are only ever read and
-- written with their order's record, never queried alone, and one row per earning order
-- instead of one plus one per line is a third of what earning adds to an order's writes
-- (bench/README.md, "Orders that earn points"). The backend files fill it and drop
-- order_line_points.
ALTER TABLE order_points ADD COLUMN line_points TEXT NOT NULL DEFAULT '';
