-- wrk load for POST /v1/orders: every request a new order (a unique external id) of three
-- lines with decimal-string unit prices; a share of them from returning customers (a pool of
-- ids that run.sh imports before the server starts), the rest from customers never seen.
--
--   LOAD_POOL_SIZE   returning customers are pool-1 .. pool-N (default 1000; 0: none)
--   LOAD_RETURNING   percent of orders from the pool (default 50)
-- and those of common.lua. Run through bench/load/run.sh, or by hand:
--   LOAD_KEY=... wrk -t2 -c64 -d10s --latency -s bench/load/orders.lua http://127.0.0.1:PORT
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local load = dofile(here .. "common.lua")

local pool_size = tonumber(os.getenv("LOAD_POOL_SIZE") or "1000")
local returning = tonumber(os.getenv("LOAD_RETURNING") or "50")
local skus = {"MUG", "TEA", "COFFEE", "CAP", "SOCKS", "BAG", "PEN", "BOOK", "LAMP", "PLANT"}

-- Cents, so the expected total is exact: a unit price between 0.50 and 99.99.
local function price()
  local cents = math.random(50, 9999)
  return string.format("%d.%02d", math.floor(cents / 100), cents % 100)
end

local function customer()
  if pool_size > 0 and math.random(100) <= returning then
    return string.format('{"external_id":"pool-%d"}', math.random(pool_size))
  end
  local id = load.unique_id()
  return string.format('{"external_id":"c-%s","email":"%s@example.com"}', id, id)
end

load.install(function()
  local lines = {}
  for i = 1, 3 do
    lines[i] = string.format('{"sku":"%s","quantity":%d,"unit_price":"%s"}',
                             skus[math.random(#skus)], math.random(3), price())
  end
  local body = string.format('{"external_id":"%s","customer":%s,"currency":"EUR","lines":[%s]}',
                             load.unique_id(), customer(), table.concat(lines, ","))
  return load.request("POST", "/v1/orders", body)
end)
