#!/usr/bin/env bash
# Peak memory of the server (VmHWM) while it exports 1,000,000 failed requests as CSV.
#
#   scripts/bench/csv-export-rss.sh SERVER_BINARY [EVENTS] [DATA_DIR]
#
# Fills a fresh database through the store (`examples/events_at_scale.rs fill`), starts the
# server on it, notes its VmHWM, downloads /api/v1/failures.csv and notes it again. Given a
# DATA_DIR that a previous run filled, it is reused (to compare two binaries on one database).
set -euo pipefail
server_bin=${1:?usage: csv-export-rss.sh SERVER_BINARY [EVENTS] [DATA_DIR]}
events=${2:-1000000}
work=$(mktemp -d)
data=${3:-$work/data}
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export SSD_INITIAL_SCIM_TOKEN=bench-scim SSD_INITIAL_ADMIN_TOKEN=bench-admin RUST_LOG=warn
port=18490

start() {
  "$server_bin" --port "$port" --data-dir "$data" --dist-dir "$work" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" || true; pid=; }
hwm() { awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status"; }

if [[ ! -e $data/scim-sync.sqlite3 ]]; then
  start; stop   # creates project 1 with the tokens above
  cargo run --quiet -p scim-sync-server --example events_at_scale -- fill "$data" "$events"
fi
start
echo "VmHWM after start:  $(hwm)"
curl -s -H "Authorization: Bearer $SSD_INITIAL_ADMIN_TOKEN" \
  "http://127.0.0.1:$port/api/v1/failures.csv" -o "$work/export.csv"
echo "VmHWM after export: $(hwm)"
echo "exported rows: $(( $(wc -l <"$work/export.csv") - 1 )), $(du -h "$work/export.csv" | cut -f1)"
