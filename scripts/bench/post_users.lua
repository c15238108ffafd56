-- wrk: POST /Users with a new userName on every request (Readers: no seat limit applies).
dofile(os.getenv("SCIM_BENCH_DIR") .. "/round_robin.lua")
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
  round_robin(thread)
end

function init(args)
  n = 0
  prefix = os.getenv("SCIM_PREFIX") or "/scim/v2"
  token = os.getenv("SCIM_TOKEN") or "bench-token"
end

function request()
  n = n + 1
  local name = string.format("load-%d-%d@example.com", tid, n)
  local body = string.format(
    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",' ..
    '"name":{"givenName":"Load","familyName":"Test"},' ..
    '"emails":[{"value":"%s","primary":true,"type":"work"}],"active":true}', name, name)
  return wrk.format("POST", prefix .. "/Users", {
    ["Content-Type"] = "application/scim+json",
    ["Authorization"] = "Bearer " .. token,
    ["User-Agent"] = "Okta SCIM Client 1.0.0",
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    failures = (failures or 0) + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status))
end
