-- customers/: guest customers get a public id, "guest_" and 24 hex digits of the SHA-256 of
-- "order:" and the external id of the order that made them ("return:" and the return's for
-- the guest of an imported return that matched no order): the same across restarts,
-- re-imports and backends (customers::GuestIdForOrder computes it for new guests). It is
-- shown as the guest's external_id and looked up through customer_lookup like a shop's id,
-- while customers.external_id stays NULL for guests (analytics counts identified customers
-- by it). Each backend's file fills it in for the guests already stored.
ALTER TABLE customers ADD COLUMN guest_id TEXT;
