#!/usr/bin/env bash
# Installs what is missing, then runs every test: unit, integration (real HTTP,
# each on a real SQLite file and on a throwaway PostgreSQL server) and
# end-to-end (headless Chromium against the built app).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/install-tools.sh --test

echo "== formatting (cargo fmt)"
cargo fmt --all -- --check

echo "== unit and integration tests (SQLite and PostgreSQL)"
scripts/with-postgres.sh cargo test --workspace --features tiendo-app/ssr

echo "== building the app (server + wasm bundle)"
cargo leptos build

echo "== end-to-end tests in headless Chromium"
work=$(mktemp -d)
port=${TIENDO_TEST_PORT:-3210}
db="sqlite://$work/e2e.db"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
./target/debug/tiendo --database-url "$db" demo --provinces 01,48,79 --until 2021-07-31
# A reporter of Phúc Xá (00001) for the reporting tests; its password comes on stdin.
export TIENDO_E2E_PASSWORD="e2e mật khẩu thử nghiệm"
printf '%s\n' "$TIENDO_E2E_PASSWORD" \
  | ./target/debug/tiendo --database-url "$db" user add e2e.phucxa --role reporter --unit 00001
# Hà Nội's commander, who acknowledges alerts; the reporter's API token (the last line printed).
printf '%s\n' "$TIENDO_E2E_PASSWORD" \
  | ./target/debug/tiendo --database-url "$db" user add e2e.hanoi --role commander --unit 01
TIENDO_E2E_TOKEN=$(./target/debug/tiendo --database-url "$db" token add e2e.phucxa | tail -n 1)
export TIENDO_E2E_TOKEN
./target/debug/tiendo --database-url "$db" serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
if ! (cd end2end && TIENDO_URL="http://127.0.0.1:$port" npm test); then
  echo "--- server log"; tail -50 "$work/server.log"; exit 1
fi
