-- wrk load for POST /v1/customers/{id}/events: every request a review by one of the
-- returning customers (pool-1 .. pool-N, imported by run.sh) under a new Idempotency-Key,
-- with the run's unique id as its reference, so the store check can count them. Run with
-- the program bench/load/events_program.json (a review earns 10, capped at 100,000 a day,
-- so every event earns and counts against its cap):
--
--   bench/load/run.sh --script bench/load/events.lua --program bench/load/events_program.json \
--     --count-sql "SELECT count(*) FROM customer_events WHERE reference LIKE '{run}-%'"
--
--   LOAD_POOL_SIZE   customers are pool-1 .. pool-N (default 1000)
-- and those of common.lua.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local load = dofile(here .. "common.lua")

local pool_size = tonumber(os.getenv("LOAD_POOL_SIZE") or "1000")

load.install(function()
  local id = load.unique_id()
  local path = string.format("/v1/customers/pool-%d/events", math.random(pool_size))
  local body = string.format('{"name":"review","reference":"%s"}', id)
  return load.request("POST", path, body, {["Idempotency-Key"] = id})
end)
