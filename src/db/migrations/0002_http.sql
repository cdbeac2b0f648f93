-- http/: API keys and Idempotency-Key reservations. Neither is customer-owned.
-- Times are BIGINT unix seconds UTC.

-- Only a SHA-256 of each key is kept; the key itself is shown once, at creation.
CREATE TABLE api_keys (
  api_key_id BIGINT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,          -- lower-case hex SHA-256 of the whole key
  role TEXT NOT NULL CHECK (role IN ('admin', 'storefront')),
  label TEXT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT                       -- NULL while the key is valid
);

-- One row per (API key, "METHOD /route/{pattern}", Idempotency-Key). A row with NULL
-- status is a reservation whose request is still running; the primary key makes the
-- reservation atomic across concurrent requests.
CREATE TABLE idempotency_keys (
  api_key_id BIGINT NOT NULL,
  scope TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,             -- hex SHA-256 of path, query and body
  status INTEGER,
  response_body TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (api_key_id, scope, idem_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
