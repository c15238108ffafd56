#!/usr/bin/env bash
# Installs, idempotently, what a fresh machine lacks to build and run the dashboard and server;
# with --test, also what the tests need. A second run finds everything and installs nothing.
#
#   scripts/bootstrap.sh          wasm32 target, wasm-bindgen-cli (= Cargo.lock), Trunk 0.21.14,
#                                 wasm-opt (npm binaryen 132), crates fetched for Trunk's offline build
#   scripts/bootstrap.sh --test   + Chromium and ChromeDriver (apt), PostgreSQL (apt; the tests
#                                 start their own throwaway cluster, the package starts none),
#                                 Playwright (playwright-core) and axe-core (npm), a Python venv
#                                 with the SCIM conformance testers
#
# Tools outside cargo's own bin dir go under $SSD_CACHE (default ~/.cache/scim-sync-dashboard),
# keyed by their lock files, and are linked into $SSD_CACHE/bin, which the Makefile puts on PATH.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${SSD_CACHE:-$HOME/.cache/scim-sync-dashboard}
bin="$cache/bin"
mkdir -p "$bin"
export PATH="$bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
SCIM2_TESTER_VERSION=0.5.2
SCIM2_CLI_VERSION=0.6.0
SCIM_SANITY_VERSION=0.7.4
with_test=false
[[ "${1:-}" == "--test" ]] && with_test=true

note() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
installed=0
installing() { note "installing $*"; installed=$((installed + 1)); }

apt_install() {
  if [[ ! -f "$cache/.apt-updated" ]]; then
    apt-get update -qq && touch "$cache/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# npm packages pinned by a package-lock.json, installed once per lock under the cache and
# linked as node_modules where the lock lives.
npm_tree() {
  local dir="$1" hash target
  hash=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -c1-16)
  target="$cache/npm/$(basename "$dir")-$hash"
  if [[ ! -d "$target/node_modules" ]]; then
    installing "npm packages of ${dir#"$repo"/}"
    mkdir -p "$target"
    cp "$dir/package.json" "$dir/package-lock.json" "$target/"
    (cd "$target" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [[ "$(readlink "$dir/node_modules" 2>/dev/null)" != "$target/node_modules" ]]; then
    rm -rf "$dir/node_modules"
    ln -s "$target/node_modules" "$dir/node_modules"
  fi
}

# --- build tools -----------------------------------------------------------------------------

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  installing "the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$repo/Cargo.lock")
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]]; then
  installing "wasm-bindgen-cli $wasm_bindgen_version (about 5 minutes)"
  # Not --locked: one of its locked dependency versions is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

if [[ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]]; then
  installing "Trunk $TRUNK_VERSION (about 15 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! command -v npm >/dev/null; then
  installing "Node.js and npm"
  apt_install nodejs npm
fi

npm_tree "$repo/scripts/tools"
# Linked to the copy under the cache, not through this checkout: other checkouts share $bin.
ln -sf "$(readlink -f "$repo/scripts/tools/node_modules/.bin/wasm-opt")" "$bin/wasm-opt"
if ! "$bin/wasm-opt" --version | grep -q 'version 132'; then
  echo "bootstrap: wasm-opt is not binaryen 132" >&2
  exit 1
fi

# Trunk builds with --offline: every crate must be in cargo's cache already.
(cd "$repo" && cargo fetch --locked --quiet)

# --- test tools ------------------------------------------------------------------------------

if $with_test; then
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    installing "Chromium and ChromeDriver (apt)"
    apt_install chromium chromium-driver
  fi

  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    installing "PostgreSQL (apt)"
    apt_install postgresql
  fi

  npm_tree "$repo/tests/e2e"

  venv="$cache/venv-$SCIM2_TESTER_VERSION-$SCIM2_CLI_VERSION-$SCIM_SANITY_VERSION"
  if [[ ! -x "$venv/bin/scim2" || ! -x "$venv/bin/scim-sanity" ]]; then
    installing "a Python venv with scim2-tester, scim2-cli and scim-sanity"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "scim2-tester==$SCIM2_TESTER_VERSION" "scim2-cli==$SCIM2_CLI_VERSION" \
      "scim-sanity==$SCIM_SANITY_VERSION"
  fi
  ln -sf "$venv/bin/scim2" "$bin/scim2"
  ln -sf "$venv/bin/scim-sanity" "$bin/scim-sanity"
fi

if ((installed == 0)); then
  note "everything is installed"
else
  note "installed $installed piece(s)"
fi
