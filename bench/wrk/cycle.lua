-- wrk script: GET BENCH_PATH with each state (or plant ID) in turn (%s in the path), an optional
-- bearer token, an optional Accept-Encoding (BENCH_ACCEPT_ENCODING, as a browser sends), and a
-- JSON summary line at the end that the bench reads. Used by `python -m bench api` and `map`.
local states = {}
for code in string.gmatch(os.getenv("BENCH_STATES") or "", "%S+") do
  states[#states + 1] = code
end
local path = os.getenv("BENCH_PATH") or "/"
local token = os.getenv("BENCH_TOKEN") or ""
local headers = {}
if token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
local encoding = os.getenv("BENCH_ACCEPT_ENCODING") or ""
if encoding ~= "" then
  headers["Accept-Encoding"] = encoding
end
local cycles = string.find(path, "%%s") ~= nil and #states > 0
local counter = 0

request = function()
  if not cycles then
    return wrk.format("GET", path, headers)
  end
  counter = counter + 1
  return wrk.format("GET", string.format(path, states[(counter % #states) + 1]), headers)
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
