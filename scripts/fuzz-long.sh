#!/usr/bin/env bash
# A long fuzzing session: the property-based tests `make test` runs with proptest's default
# 256 cases each, here with PROPTEST_CASES cases each (default 100000), in the optimised
# `server` profile (panics unwind, so proptest can shrink a failure to a small example).
#
#   scripts/fuzz-long.sh              # 100,000 cases per property
#   PROPTEST_CASES=1000000 scripts/fuzz-long.sh
#
# A failure is saved by proptest under proptest-regressions/ next to the test; commit it, so
# every later run tries that case first. Prints the cases run per test file and in all.
set -euo pipefail

cd "$(dirname "$0")/.."
export PROPTEST_CASES="${PROPTEST_CASES:-100000}"
export SSD_CACHE="${SSD_CACHE:-$HOME/.cache/scim-sync-dashboard}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$SSD_CACHE/target}"

total=0
run() {
  local package=$1 test=$2 log
  log=$(mktemp)
  local started=$SECONDS
  cargo test --locked --profile server -p "$package" --test "$test" 2>&1 | tee "$log"
  local passed
  passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$log" | tail -1)
  rm -f "$log"
  local cases=$(( ${passed:-0} * PROPTEST_CASES ))
  total=$(( total + cases ))
  printf 'fuzz-long: %s: %s properties x %s cases = %s cases in %ss\n' \
    "$test" "${passed:-0}" "$PROPTEST_CASES" "$cases" "$(( SECONDS - started ))"
}

run scim-sync-server fuzz_scim_input
run scim-sync-core fuzz_json_reader
printf 'fuzz-long: %s cases in all, no failure\n' "$total"
