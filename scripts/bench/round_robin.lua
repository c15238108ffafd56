-- wrk: spreads the load over several servers, for post_users.lua and get_by_user_name.lua.
-- SCIM_REPLICAS="127.0.0.1:18483 127.0.0.1:18484" gives each wrk thread the next server in
-- turn (thread 1 the first, thread 2 the second, …), so the connections alternate between
-- them; unset, every thread talks to the URL's server.
local next_replica = 0

function round_robin(thread)
  local replicas = os.getenv("SCIM_REPLICAS")
  if not replicas or replicas == "" then
    return
  end
  local addrs = {}
  for host, port in string.gmatch(replicas, "([^%s:]+):(%d+)") do
    table.insert(addrs, wrk.lookup(host, port)[1])
  end
  thread.addr = addrs[next_replica % #addrs + 1]
  next_replica = next_replica + 1
end
