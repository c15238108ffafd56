-- wrk: GET /Users?filter=userName eq "…" for users created by post_users.lua (thread 0's
-- first EXISTING users), as Okta does before each create.
dofile(os.getenv("SCIM_BENCH_DIR") .. "/round_robin.lua")
function setup(thread)
  round_robin(thread)
end

function init(args)
  n = 0
  prefix = os.getenv("SCIM_PREFIX") or "/scim/v2"
  token = os.getenv("SCIM_TOKEN") or "bench-token"
  existing = tonumber(os.getenv("EXISTING") or "1000")
end

function request()
  n = n + 1
  local name = string.format("load-0-%d%%40example.com", (n % existing) + 1)
  return wrk.format("GET", prefix .. "/Users?filter=userName%20eq%20%22" .. name .. "%22", {
    ["Authorization"] = "Bearer " .. token,
    ["User-Agent"] = "Okta SCIM Client 1.0.0",
  })
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status))
end
