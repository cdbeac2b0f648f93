-- Shop settings (default currency, time zone, return window, point value, the
-- customer-token secret...): one row per key, values as text the owning room parses.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
