-- wrk load for POST /v1/customers/{id}/holds: every request holds 1 point of a returning
-- customer (pool-1 .. pool-N, given plenty of points by holds_prepare.sh) for a new
-- reference, under its own Idempotency-Key, so every request is a new hold written with
-- its key in one transaction, as a storefront checkout would.
--
--   LOAD_POOL_SIZE   customers pool-1 .. pool-N (default 1000)
-- and those of common.lua. Run through bench/load/run.sh with --prepare
-- bench/load/holds_prepare.sh (its header shows the whole command).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local load = dofile(here .. "common.lua")

local pool_size = tonumber(os.getenv("LOAD_POOL_SIZE") or "1000")

load.install(function()
  local id = load.unique_id()
  local path = string.format("/v1/customers/pool-%d/holds", math.random(pool_size))
  local body = string.format('{"points":1,"reference":"%s"}', id)
  return load.request("POST", path, body, {["Idempotency-Key"] = id})
end)
