-- The same derivation as 0006_guest_ids.sqlite.sql, with PostgreSQL's own sha256().
UPDATE customers SET guest_id = 'guest_' || substr(encode(sha256(convert_to('order:' || (
    SELECT o.external_id FROM orders o WHERE o.customer_id = customers.customer_id
    ORDER BY o.order_id LIMIT 1), 'UTF8')), 'hex'), 1, 24)
  WHERE kind = 'guest' AND guest_id IS NULL
    AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.customer_id);
UPDATE customers SET guest_id = 'guest_' || substr(encode(sha256(convert_to('return:' || (
    SELECT r.external_id FROM returns r WHERE r.customer_id = customers.customer_id
    ORDER BY r.return_id LIMIT 1), 'UTF8')), 'hex'), 1, 24)
  WHERE kind = 'guest' AND guest_id IS NULL
    AND EXISTS (SELECT 1 FROM returns r WHERE r.customer_id = customers.customer_id);
INSERT INTO customer_lookup (external_id, customer_id)
  SELECT guest_id, customer_id FROM customers WHERE guest_id IS NOT NULL
  ON CONFLICT (external_id) DO NOTHING;
