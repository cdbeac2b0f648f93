-- loyal_sha256_hex() is registered on every SQLite connection (db/sqlite/sqlite_connection.cc).
UPDATE customers SET guest_id = 'guest_' || substr(loyal_sha256_hex('order:' || (
    SELECT o.external_id FROM orders o WHERE o.customer_id = customers.customer_id
    ORDER BY o.order_id LIMIT 1)), 1, 24)
  WHERE kind = 'guest' AND guest_id IS NULL
    AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.customer_id);
UPDATE customers SET guest_id = 'guest_' || substr(loyal_sha256_hex('return:' || (
    SELECT r.external_id FROM returns r WHERE r.customer_id = customers.customer_id
    ORDER BY r.return_id LIMIT 1)), 1, 24)
  WHERE kind = 'guest' AND guest_id IS NULL
    AND EXISTS (SELECT 1 FROM returns r WHERE r.customer_id = customers.customer_id);
INSERT INTO customer_lookup (external_id, customer_id)
  SELECT guest_id, customer_id FROM customers WHERE guest_id IS NOT NULL
  ON CONFLICT (external_id) DO NOTHING;
