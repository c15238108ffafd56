#!/usr/bin/env bash
# SCIM throughput on loopback, in one run: this server on SQLite, on PostgreSQL with one
# server, on PostgreSQL with two servers (replicas) sharing the database, and the Python
# reference server (scim2-server, in memory); each measured alone, one after the other:
# POST /Users, then GET /Users?filter=userName eq "…".
#
#   scripts/bench/scim-throughput.sh SERVER_BINARY [DURATION_SECONDS] [CONNECTIONS]
#   make bench-scale                      (builds the server's release profile first)
#
# The two replicas get the load round-robin by wrk thread (round_robin.lua): wrk runs two
# threads, the first one's connections go to one replica, the second's to the other — no
# proxy in between. PostgreSQL is Debian's (scripts/bootstrap.sh --test installs it), a
# throwaway cluster started here in a temporary directory on a unix socket, with its default
# settings (fsync and synchronous_commit on), and stopped at the end with everything else.
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
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pg_bin/initdb" ]] || { echo "no PostgreSQL under /usr/lib/postgresql: run scripts/bootstrap.sh --test" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pg="$work/pg"
# As root, the cluster runs as Debian's postgres user (initdb refuses root).
as_pg() { if [[ $(id -u) == 0 ]]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -f "$pg/data/postmaster.pid" ]] && as_pg "'$pg_bin/pg_ctl' -D '$pg/data' -m fast -w -s stop" || true
  rm -rf "$work"
}
trap stop_all EXIT
export SCIM_TOKEN=bench-token SCIM_BENCH_DIR=$here

mkdir "$pg"
[[ $(id -u) == 0 ]] && chown postgres "$pg"
as_pg "'$pg_bin/initdb' -D '$pg/data' -A trust -U ssd >'$pg/initdb.log' 2>&1"
as_pg "'$pg_bin/pg_ctl' -D '$pg/data' -l '$pg/server.log' -w -s -o \"-k $pg -c listen_addresses= -c max_connections=100\" start"
for db in one two; do "$pg_bin/psql" -q -h "$pg" -U ssd -d postgres -c "CREATE DATABASE $db"; done
pg_url() { echo "postgres://ssd@localhost/$1?host=$pg"; }

# The SCIM rate limits (500 requests/s per source and per connection by default) are lifted:
# this measures the server, not its limiter, and a 429 is not a request served.
serve() { # port log [database URL]
  SSD_INITIAL_SCIM_TOKEN=$SCIM_TOKEN SSD_INITIAL_ADMIN_TOKEN=bench-admin RUST_LOG=warn \
    SSD_SCIM_RATE_PER_SEC=1000000 SSD_SCIM_RATE_BURST=1000000 \
    SSD_SCIM_CONNECTION_RATE_PER_SEC=1000000 SSD_SCIM_CONNECTION_RATE_BURST=1000000 \
    "$server_bin" --port "$1" --data-dir "$work/data-$1" --dist-dir "$work" ${3:+--database-url "$3"} \
    >"$work/$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return; sleep 0.1; done
  echo "the server on port $1 did not start: $(cat "$work/$2.log")" >&2; exit 1
}
[[ -z ${SSD_DATABASE_URL:-} ]] || { echo "unset SSD_DATABASE_URL: this script picks the databases" >&2; exit 1; }
serve 18480 sqlite
serve 18482 postgres-one "$(pg_url one)"
# One after the other: the first creates the project and the token both then accept.
serve 18483 postgres-two-a "$(pg_url two)"
serve 18484 postgres-two-b "$(pg_url two)"
"$venv/bin/scim2-server" --port 18481 --bearer-token "$SCIM_TOKEN" >"$work/ref.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:18481/" && break; sleep 0.1; done

rate() { awk '/Requests\/sec/ {print $2}' "$work/$1.txt"; }
run() { # name prefix base_url [replicas]
  local name=$1 prefix=$2 base=$3
  SCIM_REPLICAS=${4:-} SCIM_PREFIX=$prefix wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/post_users.lua" "$base" >"$work/$name-post.txt"
  SCIM_REPLICAS=${4:-} SCIM_PREFIX=$prefix EXISTING=500 wrk -t2 -c"$connections" -d"${seconds}s" -s "$here/get_by_user_name.lua" "$base" >"$work/$name-get.txt"
  grep -h "non-2xx" "$work/$name-post.txt" "$work/$name-get.txt" | grep -v ": 0$" | sed "s/^/  $name: /" || true
}

echo "wrk -t2 -c$connections -d${seconds}s on loopback; $(nproc) cores shared by wrk, the servers and PostgreSQL"
run sqlite /scim/v2 http://127.0.0.1:18480
run postgres-1-replica /scim/v2 http://127.0.0.1:18482
run postgres-2-replicas /scim/v2 http://127.0.0.1:18483 "127.0.0.1:18483 127.0.0.1:18484"
run scim2-server "" http://127.0.0.1:18481
printf '%-22s %14s %14s   %s\n' "" "POST /Users" "GET filter" "(requests/s; x = ratio to SQLite)"
for name in sqlite postgres-1-replica postgres-2-replicas scim2-server; do
  awk -v n="$name" -v p="$(rate "$name-post")" -v g="$(rate "$name-get")" \
    -v sp="$(rate sqlite-post)" -v sg="$(rate sqlite-get)" \
    'BEGIN { printf "%-22s %14.0f %14.0f   POST %.2fx, GET %.2fx\n", n, p, g, p / sp, g / sg }'
done
