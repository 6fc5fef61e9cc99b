#!/usr/bin/env bash
# Benchmarks of docs/PERFORMANCE.md: loads the full demo into a fresh database,
# then measures pages and the API under 50 concurrent clients with `hey`.
# Usage: scripts/bench.sh [requests per target, default 5000]
# Traffic goes to 127.0.0.1 only; every run is bounded by its request count.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
N=${1:-5000}
PORT=${TIENDO_BENCH_PORT:-3300}

scripts/install-tools.sh
command -v hey >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey >/dev/null; }
cargo leptos build --release

work=$(mktemp -d)
db="sqlite://$work/bench.db"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

echo "== tiendo demo (full: 10,599 communes x 306 days x 3 stages)"
/usr/bin/time -f "demo: %e s wall, %M KB max RSS" ./target/release/tiendo --database-url "$db" demo
ls -la "$work"/bench.db* | awk '{s+=$5} END {printf "database: %.0f MB\n", s/1e6}'

LEPTOS_SITE_ROOT=target/site ./target/release/tiendo --database-url "$db" serve --addr "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

measure() { # name url
  curl -fs -o /dev/null "$2"   # first render fills the cache, as in steady use
  echo "== $1: $2"
  hey -n "$N" -c 50 "$2" | grep -E "Requests/sec|Slowest|Average|95%|99%|\[[0-9]+\]" | sed 's/^ *//'
}
B="http://127.0.0.1:$PORT"
measure "overview (last day)" "$B/"
measure "overview (as of 2021-06-01)" "$B/?date=2021-06-01"
measure "overview, English" "$B/?date=2021-04-07&lang=en"
measure "API progress, nation" "$B/api/v1/progress/VN?date=2021-06-01"
measure "API progress, province" "$B/api/v1/progress/79?date=2021-06-01"
echo "== server resident memory after the runs"
grep -E "VmRSS|VmHWM" /proc/$pid/status

echo "== wasm bundle"
wasm=$(ls target/site/pkg/*.wasm)
printf "%s: %s bytes, %s bytes gzipped\n" "$wasm" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
