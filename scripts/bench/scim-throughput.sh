#!/usr/bin/env bash
# SCIM throughput on loopback, this server against the Python reference server (scim2-server,
# in memory), in one run: POST /Users, then GET /Users?filter=userName eq "…".
#
#   scripts/bench/scim-throughput.sh SERVER_BINARY [DURATION_SECONDS] [CONNECTIONS]
#
# Needs wrk (apt) and scim2-server (pip); installs them into $SSD_CACHE when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server_bin=${1:?usage: scim-throughput.sh SERVER_BINARY [SECONDS] [CONNECTIONS]}
seconds=${2:-20}
connections=${3:-16}
cache=${SSD_CACHE:-$HOME/.cache/scim-sync-dashboard}
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
venv="$cache/venv-scim2-server"
[[ -x "$venv/bin/scim2-server" ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q scim2-server; }

work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT
export SCIM_TOKEN=bench-token

run() { # name prefix base_url
  local name=$1 prefix=$2 base=$3
  SCIM_PREFIX=$prefix wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/post_users.lua" "$base" >"$work/$name-post.txt"
  SCIM_PREFIX=$prefix EXISTING=500 wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/get_by_user_name.lua" "$base" >"$work/$name-get.txt"
  printf '%-22s POST /Users %10s req/s   GET filter %10s req/s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/$name-post.txt")" \
    "$(awk '/Requests\/sec/ {print $2}' "$work/$name-get.txt")"
  grep -h "non-2xx" "$work/$name-post.txt" "$work/$name-get.txt" | sed "s/^/  $name: /"
}

SSD_INITIAL_SCIM_TOKEN=$SCIM_TOKEN SSD_INITIAL_ADMIN_TOKEN=bench-admin RUST_LOG=warn \
  "$server_bin" --port 18480 --data-dir "$work/data" --dist-dir "$work" >"$work/ours.log" 2>&1 &
pids+=($!)
"$venv/bin/scim2-server" --port 18481 --bearer-token "$SCIM_TOKEN" >"$work/ref.log" 2>&1 &
pids+=($!)
for port in 18480 18481; do
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
done

echo "wrk -t2 -c$connections -d${seconds}s on loopback, $(nproc) cores shared with the load generator"
run scim-sync-server /scim/v2 http://127.0.0.1:18480
run scim2-server "" http://127.0.0.1:18481
ours_post=$(awk '/Requests\/sec/ {print $2}' "$work/scim-sync-server-post.txt")
ref_post=$(awk '/Requests\/sec/ {print $2}' "$work/scim2-server-post.txt")
ours_get=$(awk '/Requests\/sec/ {print $2}' "$work/scim-sync-server-get.txt")
ref_get=$(awk '/Requests\/sec/ {print $2}' "$work/scim2-server-get.txt")
awk -v a="$ours_post" -v b="$ref_post" -v c="$ours_get" -v d="$ref_get" \
  'BEGIN { printf "ratio (this / reference): POST %.1fx, GET filter %.1fx\n", a / b, c / d }'
