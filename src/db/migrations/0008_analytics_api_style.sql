-- analytics/: the API's one style (issue 7). Numbered after main's 0006_ledger and
-- 0007_program, the last taken when this was written. Saved RFM segments become slugs
-- ("cant_lose"), as churn bands already are; each saved CLV gets the currency it is
-- counted in (written with clv_minor, since a store may hold several currencies); and the
-- saved report bodies, written in the old shape (amounts without decimal strings, segment
-- display names), are dropped: rfm, pareto, cohorts and churn are computed again on
-- request, and clv asks for `loyal analyze clv --db DB --save` to be run again.

ALTER TABLE customer_analytics ADD COLUMN currency TEXT;

UPDATE customer_analytics SET segment = CASE segment
  WHEN 'Champions' THEN 'champions'
  WHEN 'Loyal' THEN 'loyal'
  WHEN 'Potential Loyalist' THEN 'potential_loyalist'
  WHEN 'New' THEN 'new'
  WHEN 'Promising' THEN 'promising'
  WHEN 'Need Attention' THEN 'need_attention'
  WHEN 'About to Sleep' THEN 'about_to_sleep'
  WHEN 'At Risk' THEN 'at_risk'
  WHEN 'Can''t Lose' THEN 'cant_lose'
  WHEN 'Hibernating' THEN 'hibernating'
  WHEN 'Lost' THEN 'lost'
  ELSE segment END
WHERE segment IS NOT NULL;

-- Before this migration a CLV could be saved only when every order was in one currency.
UPDATE customer_analytics SET currency = (
  SELECT CASE WHEN COUNT(DISTINCT currency) = 1 THEN MIN(currency) END
  FROM orders WHERE status <> 'cancelled')
WHERE clv_minor IS NOT NULL;

DELETE FROM analytics_reports;
