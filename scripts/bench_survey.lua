-- wrk script of scripts/bench.py: GET or POST the bench survey with a CSRF cookie.
--
-- wrk ... -s scripts/bench_survey.lua URL -- MODE WINDOW SEED COOKIE CSRF ANSWERS
--   MODE     get: GET the page; post: submit it, each POST with a fresh UUID4 token
--   WINDOW   seconds during which requests are sent; after it every connection stays
--            idle (delay), so that each request sent gets its answer before wrk stops
--   SEED     random seed of the tokens, different for each wrk run
--   COOKIE   value of the csrftoken cookie; CSRF the form's csrfmiddlewaretoken
--            (one pair serves every connection: neither is single-use)
--   ANSWERS  the answers, urlencoded
--
-- done() prints one line (times in microseconds, span in seconds):
--   BENCH-SURVEY responses receipts span p50 p99 status-errors socket-errors bytes
-- then BENCH-STATUS code count for each status seen. A receipt is a 302 to ?receipt=.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  mode, csrf, answers = args[1], args[5], args[6]
  started = now()
  deadline = started + tonumber(args[2])
  math.randomseed(tonumber(args[3]) + 7919 * thread_number)
  responses, receipts, last, statuses = 0, 0, started, {}
  wrk.headers["Cookie"] = "csrftoken=" .. args[4]
  if mode == "post" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
end

local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and math.random(0, 15) or math.random(8, 11))
  end))
end

function request()
  if mode ~= "post" then
    return wrk.format()
  end
  local body = "csrfmiddlewaretoken=" .. csrf .. "&token=" .. uuid4() .. "&step=0&" .. answers
  return wrk.format(nil, nil, nil, body)
end

function delay()
  if now() < deadline then
    return 0
  end
  return 3600 * 1000
end

function response(status, headers, body)
  last = now()
  responses = responses + 1
  statuses[status] = (statuses[status] or 0) + 1
  local location = headers["Location"] or headers["location"] or ""
  if status == 302 and string.find(location, "?receipt=", 1, true) then
    receipts = receipts + 1
  end
end

function done(summary, latency, requests)
  local total, stored, first, final, seen = 0, 0, math.huge, 0, {}
  for _, thread in ipairs(threads) do
    total = total + thread:get("responses")
    stored = stored + thread:get("receipts")
    first = math.min(first, thread:get("started"))
    final = math.max(final, thread:get("last"))
    for status, count in pairs(thread:get("statuses")) do
      seen[status] = (seen[status] or 0) + count
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH-SURVEY %d %d %.6f %.1f %.1f %d %d %d\n",
    total, stored, math.max(final - first, 0),
    latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes))
  for status, count in pairs(seen) do
    io.write(string.format("BENCH-STATUS %d %d\n", status, count))
  end
end
