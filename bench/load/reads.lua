-- wrk load for a read route: GET LOAD_PATH with "{id}" replaced by a random returning
-- customer (pool-1 .. pool-LOAD_POOL_SIZE), or as is when it has no "{id}" (/healthz).
-- Run through bench/load/reads.sh, which also sets common.lua's variables.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local load = dofile(here .. "common.lua")

local pool_size = tonumber(os.getenv("LOAD_POOL_SIZE") or "1000")
local path = os.getenv("LOAD_PATH") or "/healthz"

load.install(function()
  local at = path:gsub("{id}", "pool-" .. math.random(pool_size))
  return load.request("GET", at)
end)
