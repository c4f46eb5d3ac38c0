-- wrk script: many different questions, drawn at random so a response cache rarely holds the
-- answer: a state or the nation, n from 1 to BENCH_MAX_N, any of BENCH_YEARS. BENCH_STYLE says
-- whose URLs to make: "gridlens" (/api/v1/plants/top) or "datasette" (its table JSON). Prints the
-- same JSON summary line as cycle.lua. Used by `python -m bench mixed`.
local states = {}
for code in string.gmatch(os.getenv("BENCH_STATES") or "", "%S+") do
  states[#states + 1] = code
end
local years = {}
for year in string.gmatch(os.getenv("BENCH_YEARS") or "", "%S+") do
  years[#years + 1] = year
end
local max_n = tonumber(os.getenv("BENCH_MAX_N") or "200")
local style = os.getenv("BENCH_STYLE") or "gridlens"
local token = os.getenv("BENCH_TOKEN") or ""
-- More of Datasette's query string, such as "&_nocount=1&_nosuggest=1" (its lean answer).
local datasette_extra = os.getenv("BENCH_DATASETTE_EXTRA") or ""
local headers = {}
if token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
math.randomseed(tonumber(os.getenv("BENCH_SEED") or "14"))

request = function()
  local year = years[math.random(#years)]
  local n = math.random(max_n)
  -- One draw in #states + 1 is the nation.
  local pick = math.random(#states + 1)
  local path
  if style == "datasette" then
    path = "/plants/plants.json?year=" .. year
    if pick <= #states then
      path = path .. "&state=" .. states[pick]
    end
    path = path .. "&_sort_desc=net_generation_mwh&_size=" .. n .. datasette_extra
  else
    path = "/api/v1/plants/top?year=" .. year .. "&n=" .. n
    if pick <= #states then
      path = path .. "&state=" .. states[pick]
    end
  end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"bytes\": %d, " ..
    "\"connect_errors\": %d, \"read_errors\": %d, \"write_errors\": %d, " ..
    "\"status_errors\": %d, \"timeouts\": %d, " ..
    "\"p50_us\": %d, \"p90_us\": %d, \"p99_us\": %d, \"max_us\": %d, \"mean_us\": %.1f}\n",
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
