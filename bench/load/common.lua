-- Shared part of the wrk load scripts in bench/load/: unique ids across threads and runs,
-- a tally of every response by status, and a summary that keeps errors apart from
-- throughput. A route script (orders.lua) returns the body of each request; this file
-- supplies wrk's setup/init/response/done hooks.
--
-- Environment (set by run.sh):
--   LOAD_RUN_ID    prefix of every id this run makes; unique per run, so runs never collide
--   LOAD_KEY       API key sent as "Authorization: Bearer ..."
--   LOAD_SUMMARY   file that done() writes "name value" lines to, for run.sh to read
local M = {}

M.run_id = os.getenv("LOAD_RUN_ID") or ("run" .. os.time())
M.key = os.getenv("LOAD_KEY") or ""

local threads = {}

-- wrk gives each thread its own Lua state: the id set here is what makes ids unique across
-- threads, and the run id makes them unique across runs.
function M.setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function M.init()
  counter = 0
  sent = 0
  statuses = {}
  math.randomseed(thread_id * 1000003 + os.time())
end

-- A new id on every call: "<run>-t<thread>-<n>".
function M.unique_id()
  counter = counter + 1
  return M.run_id .. "-t" .. thread_id .. "-" .. counter
end

-- wrk calls request() right before writing a request, so `sent` minus the responses seen is
-- what was still in flight when wrk stopped: the server may or may not have done those.
-- `headers` (optional) are added to the key and content type, e.g. an Idempotency-Key.
function M.request(method, path, body, headers)
  sent = sent + 1
  local all = {
    ["Authorization"] = "Bearer " .. M.key,
    ["Content-Type"] = "application/json",
  }
  for name, value in pairs(headers or {}) do all[name] = value end
  return wrk.format(method, path, all, body)
end

function M.response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function M.done(summary, latency)
  local ok, failed, sent_total, by_status = 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    for status, n in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + n
      if status >= 200 and status < 300 then ok = ok + n else failed = failed + n end
    end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local lines = {
    string.format("ok %d", ok),
    string.format("non_2xx %d", failed),
    string.format("socket_errors %d", socket_errors),
    string.format("unanswered %d", sent_total - ok - failed),
    string.format("ok_per_s %.1f", ok / seconds),
    string.format("p50_ms %.3f", latency:percentile(50) / 1000),
    string.format("p90_ms %.3f", latency:percentile(90) / 1000),
    string.format("p99_ms %.3f", latency:percentile(99) / 1000),
    string.format("max_ms %.3f", latency.max / 1000),
  }
  for status, n in pairs(by_status) do
    if status < 200 or status >= 300 then table.insert(lines, string.format("status_%d %d", status, n)) end
  end
  local path = os.getenv("LOAD_SUMMARY")
  local out = path and assert(io.open(path, "w")) or io.stdout
  out:write(table.concat(lines, "\n"), "\n")
  if path then out:close() end
end

-- Installs the hooks; `make_request` returns the next request (use M.request).
function M.install(make_request)
  setup = M.setup
  init = M.init
  request = make_request
  response = M.response
  done = M.done
end

return M
