-- wrk script for tools/bench-api: GET requests rotating over the paths in a file (one a line,
-- already URL-encoded), all built once in init() so that every route costs the client the same.
-- Usage: wrk -t2 -c64 -d10s --latency -s tools/api/wrk-get.lua http://127.0.0.1:PORT -- PATHS_FILE
-- done() prints one line `BENCH {...}` (JSON) with requests, duration, percentiles and errors.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or error("wrk-get.lua: pass the paths file after --")
  requests_built = {}
  for line in io.lines(file) do
    if line ~= "" then requests_built[#requests_built + 1] = wrk.format("GET", line) end
  end
  if #requests_built == 0 then error("wrk-get.lua: no paths in " .. file) end
  -- Threads start at different places so they do not ask the same thing at the same moment.
  cursor = ((thread_id or 0) * 397) % #requests_built
end

function request()
  cursor = cursor % #requests_built + 1
  return requests_built[cursor]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
