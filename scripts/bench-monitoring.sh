#!/usr/bin/env bash
# The monitoring benchmarks of docs/PERFORMANCE.md (issue 11), on the full
# demo in SQLite, release build:
#   - 1,000 open live streams (GET /api/v1/events): the server's memory
#     before and with them, and how long after a national batch's answer
#     every stream has the new data version;
#   - alert evaluation after a national day's batch (10,599 communes x 3
#     stages through POST /api/v1/reports), as the server logs it;
#   - a kept page's latency with and without /metrics scraped 10 times a second.
# Usage: scripts/bench-monitoring.sh [seconds per wrk run, default 8]
# Traffic goes to 127.0.0.1 only; every load is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_PER_RUN=${1:-8}

scripts/install-tools.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# Always built: an older binary left in target/ would measure old code.
cargo leptos build --release

PORT=${TIENDO_BENCH_PORT:-3320}
B="http://127.0.0.1:$PORT"
work=$(mktemp -d /tmp/tiendo-monitoring.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; cp "$work/server.log" /tmp/bench-monitoring-server.log 2>/dev/null; rm -rf "$work"' EXIT
bin=./target/release/tiendo
db="sqlite://$work/bench.db"
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($bin --version)"
$bin --database-url "$db" demo --until 2021-06-30 >/dev/null 2>&1
printf '%s\n' 'bench passphrase 2021' | $bin --database-url "$db" user add bench.ministry --role ministry --unit VN >/dev/null 2>&1
token=$($bin --database-url "$db" token add bench.ministry 2>/dev/null | tail -1)
TIENDO_LOG_FORMAT=json LEPTOS_SITE_ROOT=target/site $bin --database-url "$db" serve --addr "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do curl -fs "$B/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
# The first evaluation at start, then a few pages so the caches hold something.
for _ in $(seq 1 600); do grep -q "alerts evaluated" "$work/server.log" && break; sleep 0.1; done
for path in / /rankings /map "/p/79" "/api/v1/progress/VN"; do curl -fs -o /dev/null "$B$path"; done
echo "full demo to 2021-06-30 (10,599 communes x 122 days x 3 stages); first evaluation at start: $(grep "alerts evaluated" "$work/server.log" | head -1 | grep -o '"ms":[0-9]*')"

# A national day after the demo's last, in one batch.
python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
communes = [r[0] for r in csv.reader(open("data/admin_units.csv", encoding="utf-8")) if r[1] == "commune"]
reports = [{"unit": c, "date": "2021-07-01", "stage": s, "count": n}
           for c in communes for s, n in (("applications", 40), ("produced", 20), ("delivered", 10))]
json.dump({"reports": reports, "confirm_warnings": True}, open(f"{work}/day.json", "w"))
PY

# 1,000 live streams, each read until it carries a version above the one it
# opened with; the client prints when the last one got it.
cat >"$work/streams.py" <<'PY'
import asyncio, sys, time
HOST, PORT, N = "127.0.0.1", int(sys.argv[1]), int(sys.argv[2])

async def stream(opened, ready, go, done):
    r, w = await asyncio.open_connection(HOST, PORT)
    w.write(b"GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
    await w.drain()
    first, buf = None, b""
    while True:
        buf += await r.read(4096)
        for line in buf.split(b"\n"):
            if line.startswith(b"id: "):
                v = int(line[4:])
                if first is None:
                    first = v
                    opened.append(v)
                    if len(opened) == N:
                        ready.set()
                elif v > first and go.is_set():
                    done.append(time.monotonic())
                    w.close()
                    return
        buf = buf[buf.rfind(b"\n") + 1:]

async def main():
    opened, done = [], []
    ready, go = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(stream(opened, ready, go, done)) for _ in range(N)]
    await ready.wait()
    print("open", flush=True)
    sys.stdin.readline()          # the batch was answered
    sent = time.monotonic()
    go.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 30)
    print(f"all {len(done)} streams had the new version {1000 * (max(done) - sent):.0f} ms after the batch's answer"
          f" (median {1000 * (sorted(done)[len(done) // 2] - sent):.0f} ms)", flush=True)

asyncio.run(main())
PY
before=$(rss)
coproc STREAMS { python3 "$work/streams.py" "$PORT" 1000; }
read -r line <&"${STREAMS[0]}"
[ "$line" = open ] || { echo "streams: $line"; exit 1; }
sleep 2
with=$(rss)
echo "1,000 live streams: server memory $before MB before, $with MB with them open (+$(echo "$with - $before" | bc) MB); tiendo_event_streams $(curl -fs "$B/metrics" | awk '/^tiendo_event_streams / {print $2}')"
evaluations=$(grep -c "alerts evaluated" "$work/server.log")
t=$(curl -fs -o "$work/answer.json" -w "%{time_total}" -X POST "$B/api/v1/reports" \
  -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary "@$work/day.json")
echo >&"${STREAMS[1]}"
read -r line <&"${STREAMS[0]}"
echo "national batch (31,797 figures) answered in $(echo "$t * 1000" | bc | cut -d. -f1) ms; $line"
wait "$STREAMS_PID" 2>/dev/null || true
for _ in $(seq 1 300); do [ "$(grep -c "alerts evaluated" "$work/server.log")" -gt "$evaluations" ] && break; sleep 0.1; done
echo "alert evaluation after the national batch: $(grep "alerts evaluated" "$work/server.log" | tail -n +$((evaluations + 1)) | head -1 | grep -o '"opened":[0-9]*,"resolved":[0-9]*,"ms":[0-9]*')"

# /metrics beside a kept page.
page="$B/?date=2021-06-01"
curl -fs -o /dev/null "$page"
line() { wrk -t1 -c20 -d"${SECONDS_PER_RUN}s" --latency -H "Accept-Encoding: gzip" "$page" | awk '/ 50%/ {a=$2} / 99%/ {b=$2} /Requests\/sec/ {c=$2} END {printf "p50 %s, p99 %s, %s req/s", a, b, c}'; }
echo "kept page $page (wrk -c20), alone:               $(line)"
( end=$((SECONDS + SECONDS_PER_RUN + 1)); while [ $SECONDS -lt $end ]; do curl -fs -o /dev/null "$B/metrics"; sleep 0.1; done ) &
scraper=$!
echo "kept page, with /metrics scraped 10 times a second: $(line)"
wait "$scraper" || true
echo "one scrape: $(curl -fs -o "$work/metrics.txt" -w '%{time_total}' "$B/metrics") s, $(wc -c <"$work/metrics.txt") bytes"
