#!/usr/bin/env bash
# Installs what building Tiendo needs and is missing; safe to run again.
# Usage: scripts/install-tools.sh [--test]   (--test adds Chromium, playwright-core, PostgreSQL and poppler)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pinned in Cargo.toml
CARGO_LEPTOS_VERSION=0.3.6     # newest that builds on Rust 1.95
BINARYEN_VERSION=132           # Debian's binaryen 108 breaks the bundle: never use it

log() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version >/dev/null 2>&1; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 14 minutes on 2 cores)"
  cargo install --locked --features no_downloads cargo-leptos --version "$CARGO_LEPTOS_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "building wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile names a crate the registry here does not serve.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

need_apt=()
if dpkg -s binaryen >/dev/null 2>&1; then
  log "removing Debian's binaryen (its wasm-opt breaks hydration)"
  apt-get remove -y binaryen >/dev/null
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
  npm install -g "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
  command -v curl >/dev/null 2>&1 || need_apt+=(curl)   # test.sh waits on /healthz with it
  command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)   # checks /metrics
  command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)   # reads the briefing PDF back
  # The integration tests run on PostgreSQL too (scripts/with-postgres.sh).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
  if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing ${need_apt[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
  # Reads exported tables back as a Vietnamese-locale spreadsheet would
  # (Calc alone: its recommends add Java and half an office suite).
  if ! command -v soffice >/dev/null 2>&1; then
    log "installing libreoffice-calc from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
  fi
  if [ ! -d end2end/node_modules/playwright-core ] || [ ! -d end2end/node_modules/axe-core ]; then
    log "installing playwright-core and axe-core for the browser tests"
    (cd end2end && npm ci --no-audit --no-fund >/dev/null)
  fi
fi
log "tools ready"
