#!/usr/bin/env bash
# `make run`: starts the server with its SQLite database; on an empty database it first seeds
# demo data by running the IdP simulator's `demo` scenario against it over HTTP (real SCIM
# traffic, as Okta and Entra send it), then prints the URL and the tokens.
#
#   scripts/run.sh SERVER_BINARY [server flags…]
set -euo pipefail
server_bin=${1:?usage: run.sh SERVER_BINARY [flags]}
shift
data_dir=${SSD_DATA_DIR:-./data}
for ((i = 1; i <= $#; i++)); do
  [[ "${!i}" == "--data-dir" ]] && { j=$((i + 1)); data_dir=${!j}; }
done

fresh=false
[[ -f "$data_dir/scim-sync.sqlite3" ]] || fresh=true
if $fresh; then
  # Tokens for the first start, so the simulator can seed; the server stores only their hashes.
  export SSD_INITIAL_SCIM_TOKEN=${SSD_INITIAL_SCIM_TOKEN:-ssd_scim_$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}
  export SSD_INITIAL_ADMIN_TOKEN=${SSD_INITIAL_ADMIN_TOKEN:-ssd_admin_$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}
fi

log=$(mktemp)
"$server_bin" "$@" > >(tee "$log") &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; rm -f "$log"' EXIT INT TERM
for _ in $(seq 1 300); do
  grep -q 'SCIM base URL' "$log" && break
  kill -0 "$server" 2>/dev/null || exit 1
  sleep 0.1
done
url=$(sed -n 's/^SCIM Sync Dashboard: *//p' "$log")

if $fresh; then
  echo "Seeding demo data: the IdP simulator's demo scenario, over SCIM…"
  "$server_bin" simulate --url "${url%/}" --scim-token "$SSD_INITIAL_SCIM_TOKEN" \
    --admin-token "$SSD_INITIAL_ADMIN_TOKEN" --scenario demo
  echo
  echo "Open $url and sign in with the admin token printed above."
fi
wait "$server"
