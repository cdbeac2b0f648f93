-- Analytics saved by `loyal analyze <report> --db DB --save`: each customer's RFM segment,
-- P(alive), churn band and CLV (for promotions, the dashboard and GET /v1/customers/{id}),
-- and the last body of each report (GET /v1/analytics/{report}).
-- A report fills only its own columns; the others keep what an earlier report saved.

CREATE TABLE customer_analytics (
  customer_id BIGINT NOT NULL PRIMARY KEY,
  as_of_day INTEGER NOT NULL,            -- the calibration end / as-of date of the last run
  segment TEXT,                          -- RFM segment name ("Champions", ...)
  r_score INTEGER,
  f_score INTEGER,
  m_score INTEGER,
  p_alive DOUBLE PRECISION,              -- an estimate, 0..1
  churn_band TEXT CHECK (churn_band IN ('active', 'cooling', 'at_risk', 'lost')),
  expected_purchases DOUBLE PRECISION,   -- over the CLV horizon
  clv_minor BIGINT,                      -- CLV over the horizon, rounded to minor units
  updated_at BIGINT NOT NULL
);
CREATE INDEX customer_analytics_segment ON customer_analytics (segment);
CREATE INDEX customer_analytics_churn_band ON customer_analytics (churn_band);

CREATE TABLE analytics_reports (
  report TEXT NOT NULL PRIMARY KEY,      -- rfm, pareto, cohorts, churn, clv
  body TEXT NOT NULL,                    -- the report's JSON
  computed_at BIGINT NOT NULL
);
