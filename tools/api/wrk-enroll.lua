-- wrk script for tools/bench-api: POST /v1/enrollments with a unique Belgian mobile number per
-- request (+3247 and seven digits; each thread has its own range) and real addresses from a file
-- (one JSON string literal a line). Counts response statuses and keeps the ids of the 201 answers.
-- Usage: wrk -t2 -c64 -d10s --latency -s tools/api/wrk-enroll.lua http://127.0.0.1:PORT -- ADDRESSES_FILE
-- Environment: WRK_IDS_OUT=FILE writes the ids of all 201 answers there, one a line.
-- done() prints `BENCH {...}` (JSON) with requests, percentiles, errors, statuses, and how many requests
-- were sent but never answered to wrk (in flight when it stopped: the server may still have stored them).

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1] or error("wrk-enroll.lua: pass the addresses file after --")
  addresses = {}
  for line in io.lines(file) do
    if line ~= "" then addresses[#addresses + 1] = line end
  end
  if #addresses == 0 then error("wrk-enroll.lua: no addresses in " .. file) end
  sent = 0
  statuses = {}
  created_ids = {}
  base = (thread_id or 0) * 1000000  -- up to 10 threads of one million numbers each
end

function request()
  sent = sent + 1
  local n = base + sent
  local body = string.format('{"name":"Bench Resident %d","phone":"+3247%07d","address":%s,"consent":true,"age":"adult","basis":"resident"}',
    n, n, addresses[(n * 7) % #addresses + 1])
  return wrk.format("POST", "/v1/enrollments", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status == 201 then
    local id = string.match(body, '"id"%s*:%s*"([^"]+)"')
    if id then created_ids[#created_ids + 1] = id end
  end
end

function done(summary, latency, requests)
  local total, ids, sent_total = {}, {}, 0
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses") or {}) do total[k] = (total[k] or 0) + v end
    for _, id in ipairs(thread:get("created_ids") or {}) do ids[#ids + 1] = id end
    sent_total = sent_total + (thread:get("sent") or 0)
  end
  local parts, answered = {}, 0
  for k, v in pairs(total) do
    parts[#parts + 1] = string.format('"%s":%d', k, v)
    answered = answered + v
  end
  table.sort(parts)
  local out = os.getenv("WRK_IDS_OUT")
  if out and out ~= "" then
    local f = assert(io.open(out, "w"))
    for _, id in ipairs(ids) do f:write(id, "\n") end
    f:close()
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"status_errors":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"sent":%d,"in_flight":%d,"created_ids":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.status, e.connect, e.read, e.write, e.timeout,
    sent_total, sent_total - answered, #ids, table.concat(parts, ",")))
end
