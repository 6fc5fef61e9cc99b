#!/usr/bin/env bash
# The storage and caching benchmarks of docs/PERFORMANCE.md (issue 9), the
# same URLs on SQLite and on PostgreSQL in one run, on the full demo:
#   - `tiendo demo` load time;
#   - first render (nothing cached) of commune pages and of /briefing for new days;
#   - answers served again from memory: p50/p99 and req/s with wrk, against
#     nginx serving the very same bytes as static files (same wrk, same run);
#   - server memory after a crawl of every page and API view for every day;
#   - a flood of uncached A4 PNGs with random notes and commune-level XLSX
#     files from 16 clients, while wrk measures /healthz and a kept page.
# Usage: scripts/bench-backends.sh [seconds per wrk run, default 8]
# It starts a throwaway PostgreSQL itself (scripts/with-postgres.sh). Traffic
# goes to 127.0.0.1 only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_RUN=${1:-8}

if [ -z "${TIENDO_TEST_POSTGRES_URL:-}" ]; then
  scripts/install-tools.sh --test
  need=()
  command -v wrk >/dev/null || need+=(wrk)
  command -v nginx >/dev/null || need+=(nginx)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  cargo leptos build --release
  exec scripts/with-postgres.sh "$0" "$@"
fi

PORT=${TIENDO_BENCH_PORT:-3300}
NGINX_PORT=$((PORT + 1))
B="http://127.0.0.1:$PORT"
work=$(mktemp -d /tmp/tiendo-bench.XXXXXX)
pid=
nginx_pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The answers compared with nginx: a page, an API answer, a download.
KEPT=(
  "/?date=2021-06-01"
  "/rankings?date=2021-06-01&by=avg7"
  "/p/79?date=2021-06-01"
  "/c/26734?date=2021-06-01"
  "/api/v1/progress/79?date=2021-06-01"
  "/api/v1/rankings?level=district&parent=01&date=2021-06-01"
  "/export/chart/cumulative.png?preset=slide&date=2021-06-01"
)

wrk_line() { # url [extra wrk args...] -> "p50 p99 req/s"
  local url=$1; shift
  wrk -t2 -c50 -d"${SECONDS_PER_RUN}s" --latency -H "Accept-Encoding: gzip" "$@" "$url" | awk '
    / 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2}
    END {printf "%s %s %s", p50, p99, rps}'
}

start_server() { # url
  LEPTOS_SITE_ROOT=target/site ./target/release/tiendo --database-url "$1" serve --addr "127.0.0.1:$PORT" \
    >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -fs "$B/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}

stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=
}

first_render() { # name url-with-DAY-and-UNIT, list of "unit day" pairs on stdin
  local times=()
  while read -r unit day; do
    local url=${2//DAY/$day}
    url=${url//UNIT/$unit}
    times+=("$(curl -fs -o /dev/null -w "%{time_total}" -H "Accept-Encoding: gzip" "$url")")
  done
  printf "%s\n" "${times[@]}" | sort -n | awk -v name="$1" '
    { t[NR] = $1 * 1000 }
    END { printf "  first render, %s (%d distinct URLs): median %.0f ms, max %.0f ms\n",
          name, NR, t[int((NR + 1) / 2)], t[NR] }'
}

bench_engine() { # engine url
  local engine=$1 url=$2
  echo "== $engine"
  /usr/bin/time -f "  tiendo demo: %e s wall, %M KB max RSS" \
    ./target/release/tiendo --database-url "$url" demo >"$work/demo.log" 2>"$work/demo.time" || {
      cat "$work/demo.log" "$work/demo.time"; exit 1; }
  tail -1 "$work/demo.time"
  start_server "$url"

  # Communes of provinces all over the country, each on its own day.
  printf "%s\n" "00001 2021-06-02" "09619 2021-06-03" "26734 2021-06-04" "19570 2021-06-05" \
    "31024 2021-06-06" "22015 2021-06-07" "15073 2021-06-08" "28252 2021-06-09" \
    "13159 2021-06-10" "30295 2021-06-11" \
    | first_render "commune page /c/UNIT?date=DAY" "$B/c/UNIT?date=DAY"
  printf "%s\n" "VN 2021-05-02" "VN 2021-05-03" "VN 2021-05-04" "VN 2021-05-05" "VN 2021-05-06" \
    "VN 2021-05-07" "VN 2021-05-08" "VN 2021-05-09" "VN 2021-05-10" "VN 2021-05-11" \
    | first_render "/briefing?date=DAY" "$B/briefing?date=DAY"

  # Answers served again, against nginx serving the same bytes.
  mkdir -p "$work/static"
  local i=0
  {
    echo "worker_processes 1; daemon off; pid $work/nginx.pid; error_log $work/nginx.err;"
    echo "events { worker_connections 1024; }"
    echo "http { access_log off; default_type application/octet-stream;"
    echo "  server { listen 127.0.0.1:$NGINX_PORT; root $work/static;"
  } >"$work/nginx.conf"
  for path in "${KEPT[@]}"; do
    i=$((i + 1))
    curl -fs -H "Accept-Encoding: gzip" -D "$work/static/h$i" -o "$work/static/a$i" "$B$path"
    local type encoding
    type=$(awk -F': ' 'tolower($1)=="content-type" {print $2}' "$work/static/h$i" | tr -d '\r')
    encoding=$(awk -F': ' 'tolower($1)=="content-encoding" {print $2}' "$work/static/h$i" | tr -d '\r')
    echo "    location = /a$i { default_type \"$type\"; ${encoding:+add_header Content-Encoding $encoding;} }" >>"$work/nginx.conf"
  done
  echo "  } }" >>"$work/nginx.conf"
  nginx -c "$work/nginx.conf" &
  nginx_pid=$!
  sleep 0.5
  printf "  %-62s %9s %9s %9s %9s %7s\n" "served again (wrk -c50)" p50 p99 "req/s" "nginx/s" ratio
  i=0
  for path in "${KEPT[@]}"; do
    i=$((i + 1))
    read -r p50 p99 rps <<<"$(wrk_line "$B$path")"
    read -r _ _ nginx_rps <<<"$(wrk_line "http://127.0.0.1:$NGINX_PORT/a$i")"
    printf "  %-62s %9s %9s %9s %9s %6.0f%%\n" "$path ($(stat -c %s "$work/static/a$i") B)" \
      "$p50" "$p99" "$rps" "$nginx_rps" "$(echo "$rps $nginx_rps" | awk '{print 100 * $1 / $2}')"
  done
  kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=

  # A crawl of every page and API view for every day of the campaign.
  local crawl_start=$SECONDS
  for d in $(seq 0 305); do
    day=$(date -d "2021-03-01 + $d days" +%F)
    for path in "/?date=$day" "/rankings?date=$day" "/map?date=$day" "/briefing?date=$day" \
      "/p/01?date=$day" "/d/001?date=$day" "/c/00001?date=$day" \
      "/api/v1/progress/VN?date=$day" "/api/v1/rankings?level=district&date=$day" \
      "/api/v1/rankings?level=commune&date=$day"; do
      echo "$B$path"
    done
  done | xargs -P 2 -n 1 curl -fs -o /dev/null -H "Accept-Encoding: gzip"
  echo "  crawl: 3,060 URLs (10 views x 306 days) in $((SECONDS - crawl_start)) s; server memory after it: $(awk '/VmRSS/ {r=$2} /VmHWM/ {h=$2} END {printf "%.0f MB resident, %.0f MB peak", r/1024, h/1024}' /proc/$pid/status)"

  # The flood: 16 clients asking for files nobody asked for before.
  cat >"$work/flood.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    local note = "Ghi chu " .. math.random(1, 1000000000)
    return wrk.format("GET", "/export/chart/cumulative.png?preset=a4&date=2021-06-01&note=" .. note:gsub(" ", "%%20"))
  else
    local d = math.random(1, 28)
    return wrk.format("GET", string.format("/export/table/rankings.xlsx?level=commune&date=2021-07-%02d&by=avg7", d))
  end
end
LUA
  wrk -t2 -c16 -d"$((SECONDS_PER_RUN + 4))s" -s "$work/flood.lua" "$B" >"$work/flood.out" &
  local flood=$!
  sleep 2
  read -r hp50 hp99 hrps <<<"$(wrk -t1 -c4 -d"${SECONDS_PER_RUN}s" --latency "$B/healthz" | awk '/ 50%/ {a=$2} / 99%/ {b=$2} /Requests\/sec/ {c=$2} END {print a, b, c}')"
  wait "$flood"
  echo "  flood (16 clients: A4 PNG with random notes, commune XLSX): $(awk '/Requests\/sec/ {print $2}' "$work/flood.out") files/s, $(awk '/Non-2xx/ {print $4}' "$work/flood.out") non-2xx"
  echo "    /healthz meanwhile (wrk -c4): p50 $hp50, p99 $hp99, $hrps req/s"
  wrk -t2 -c16 -d"$((SECONDS_PER_RUN + 4))s" -s "$work/flood.lua" "$B" >/dev/null &
  flood=$!
  sleep 2
  read -r kp50 kp99 krps <<<"$(wrk -t1 -c4 -d"${SECONDS_PER_RUN}s" --latency -H "Accept-Encoding: gzip" "$B/?date=2021-06-01" | awk '/ 50%/ {a=$2} / 99%/ {b=$2} /Requests\/sec/ {c=$2} END {print a, b, c}')"
  wait "$flood"
  echo "    kept page /?date=2021-06-01 meanwhile (wrk -c4): p50 $kp50, p99 $kp99, $krps req/s"
  echo "  server memory at the end: $(awk '/VmRSS/ {r=$2} /VmHWM/ {h=$2} END {printf "%.0f MB resident, %.0f MB peak", r/1024, h/1024}' /proc/$pid/status)"
  stop_server
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(./target/release/tiendo --version)"
bench_engine sqlite "sqlite://$work/bench.db"
rm -f "$work"/bench.db*
admin=$TIENDO_TEST_POSTGRES_URL
psql "$admin" -qc "CREATE DATABASE tiendo_bench" >/dev/null
bench_engine postgres "${admin%/*}/tiendo_bench"
