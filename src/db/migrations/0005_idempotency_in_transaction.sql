-- http/: an Idempotency-Key's record is now written in the same transaction as the effect
-- it guards, complete with its response, so no row has a NULL status any more. Rows with
-- one are reservations an earlier binary left behind when a request died mid-way; they
-- would block their key for good, and their request's effect (if any) was committed in a
-- separate transaction the new code cannot see, so they are dropped and the key is free.
DELETE FROM idempotency_keys WHERE status IS NULL;
