#!/usr/bin/env bash
# Runs a command in a process group of its own and, however it ends, ends whatever it left in
# that group: no browser, driver or server outlives a failed test.
set -uo pipefail
setsid "$@" &
leader=$!
trap 'kill -TERM -- "-$leader" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
wait "$leader"
