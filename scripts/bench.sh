#!/usr/bin/env bash
# Benchmarks of docs/PERFORMANCE.md: loads the full demo into a fresh database,
# then measures pages and the API under 50 concurrent clients with `wrk`.
# Usage: scripts/bench.sh [seconds per target, default 10] [all|exports, default all]
# Traffic goes to 127.0.0.1 only; every run is bounded by its request count.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_TARGET=${1:-10}
WHAT=${2:-all}
PORT=${TIENDO_BENCH_PORT:-3300}

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ "$WHAT" = exports ]; then
  # Files need only the server: no wasm bundle (pages still render on the server).
  cargo build --release -p tiendo --features tiendo-app/ssr
else
  scripts/install-tools.sh
  cargo leptos build --release
fi
target=${CARGO_TARGET_DIR:-target}

work=$(mktemp -d)
db="sqlite://$work/bench.db"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT

echo "== tiendo demo (full: 10,599 communes x 306 days x 3 stages)"
/usr/bin/time -f "demo: %e s wall, %M KB max RSS" "$target/release/tiendo" --database-url "$db" demo
ls -la "$work"/bench.db* | awk '{s+=$5} END {printf "database: %.0f MB\n", s/1e6}'

LEPTOS_SITE_ROOT=target/site "$target/release/tiendo" --database-url "$db" serve --addr "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

measure() { # name url
  echo "== $1: $2"
  # The first request renders the page (caches empty); it then stays kept until
  # the figures change, as in steady use.
  curl -fs -o /dev/null -w "first render: %{time_total} s\n" -H "Accept-Encoding: gzip" "$2"
  # wrk: 50 connections for $SECONDS_PER_TARGET s, gzip accepted as browsers do.
  # It is light on the client side, which shares the two cores with the server.
  wrk -t2 -c50 -d"${SECONDS_PER_TARGET}s" --latency -H "Accept-Encoding: gzip" "$2" \
    | grep -E "^ +(50|90|99)%|Requests/sec|Non-2xx|Socket errors" | sed 's/^ *//'
}
# Files rendered on request, each URL once (nothing cached): every day of
# June 2021 in turn, so each request draws or builds its file anew. Also
# the median size of the 30 files.
cold() { # name url-with-DAY
  local runs=()
  for d in $(seq -w 1 30); do
    runs+=("$(curl -fs -o /dev/null -w "%{time_total} %{size_download}" "${2//DAY/2021-06-$d}")")
  done
  local size
  size=$(printf "%s\n" "${runs[@]}" | awk '{print $2}' | sort -n | awk '{ s[NR] = $1 } END { print s[int((NR + 1) / 2)] }')
  printf "%s\n" "${runs[@]}" | awk '{print $1}' | sort -n | awk -v name="$1" -v size="$size" '
    { t[NR] = $1 * 1000 }
    END { printf "== %s, 30 distinct days: min %.0f ms, median %.0f ms, p90 %.0f ms, max %.0f ms; median size %.0f KB\n",
          name, t[1], t[int((NR + 1) / 2)], t[int(NR * 0.9)], t[NR], size / 1000 }'
}
B="http://127.0.0.1:$PORT"
cold "cumulative chart PNG 1920x1080 (slide)" "$B/export/chart/cumulative.png?preset=slide&date=DAY"
cold "cumulative chart SVG 1920x1080 (slide)" "$B/export/chart/cumulative.svg?preset=slide&date=DAY"
cold "cumulative chart PNG A4 300 dpi" "$B/export/chart/cumulative.png?preset=a4&date=DAY"
cold "cumulative chart SVG 960x540 (screen)" "$B/export/chart/cumulative.svg?date=DAY"
cold "map PNG 1920x1080" "$B/export/chart/map.png?preset=slide&date=DAY"
cold "map SVG 960x540" "$B/export/chart/map.svg?date=DAY"
cold "rankings XLSX, all 705 districts" "$B/export/table/rankings.xlsx?level=district&date=DAY"
cold "rankings CSV, all 705 districts" "$B/export/table/rankings.csv?level=district&date=DAY"
cold "briefing PDF (vector, tagged)" "$B/export/briefing.pdf?date=DAY"
cold "briefing PDF, English" "$B/export/briefing.pdf?lang=en&date=DAY"
measure "cumulative chart PNG (slide), kept after the first request" "$B/export/chart/cumulative.png?preset=slide&date=2021-06-01"
measure "briefing page" "$B/briefing?date=2021-06-01"
measure "chart builder" "$B/charts?chart=daily&unit=01&preset=social"
[ "$WHAT" = exports ] && exit 0
measure "overview (last day)" "$B/"
measure "overview (as of 2021-06-01)" "$B/?date=2021-06-01"
measure "overview, English" "$B/?date=2021-04-07&lang=en"
measure "API progress, nation" "$B/api/v1/progress/VN?date=2021-06-01"
measure "API progress, province" "$B/api/v1/progress/79?date=2021-06-01"
measure "rankings (last day)" "$B/rankings"
measure "rankings (1 Jun, by 7-day average, sorted)" "$B/rankings?date=2021-06-01&by=avg7&sort=name"
measure "province page (Hà Nội)" "$B/p/01?date=2021-06-01"
measure "province page (TP HCM, produced)" "$B/p/79?stage=produced"
measure "district page (Ba Vì, 31 communes)" "$B/d/271?date=2021-06-01"
measure "commune page (first render ranks all 10,599)" "$B/c/09619?date=2021-06-01"
measure "map" "$B/map?date=2021-06-01"
measure "API rankings, districts of Hà Nội" "$B/api/v1/rankings?level=district&parent=01&date=2021-06-01"
measure "API search" "$B/api/v1/units/search?q=ha%20dong"
echo "== server resident memory after the runs"
grep -E "VmRSS|VmHWM" /proc/$pid/status

echo "== wasm bundle"
wasm=$(ls target/site/pkg/*.wasm)
printf "%s: %s bytes, %s bytes gzipped\n" "$wasm" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
