#!/usr/bin/env bash
# Ingest benchmarks of docs/PERFORMANCE.md (issue 10), on SQLite and on
# PostgreSQL: whole national days (10,599 communes x 3 stages = 31,797
# figures) sent through POST /api/v1/reports, each a new day after the demo,
# with every rollup current when the answer comes; and, in the same run,
# `sqlite3 .import` of the same rows into a bare table: the most SQLite can
# take in, for the ratio. Then one more day of large counts, alone.
# Usage: scripts/bench-ingest.sh [days, default 5]
# It starts a throwaway PostgreSQL itself. Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
DAYS=${1:-5}

if [ -z "${TIENDO_TEST_POSTGRES_URL:-}" ]; then
  scripts/install-tools.sh --test
  cargo leptos build --release
  exec scripts/with-postgres.sh "$0" "$@"
fi

PORT=${TIENDO_BENCH_PORT:-3310}
B="http://127.0.0.1:$PORT"
work=$(mktemp -d /tmp/tiendo-ingest.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
bin=./target/release/tiendo

# The batches: every commune, each stage, one day each; counts small enough
# that produced stays under applications and delivered under produced.
python3 - "$work" "$DAYS" <<'PY'
import csv, json, sys, datetime
work, days = sys.argv[1], int(sys.argv[2])
communes = [r[0] for r in csv.reader(open("data/admin_units.csv", encoding="utf-8")) if r[1] == "commune"]
rows = open(f"{work}/rows.csv", "w")
# The sustained days, back to back, then one more sent alone (day{days}).
for d in range(days + 1):
    day = (datetime.date(2021, 7, 1) + datetime.timedelta(days=d)).isoformat()
    reports = []
    for c in communes:
        for stage, count in (("applications", 40), ("produced", 20), ("delivered", 10)):
            reports.append({"unit": c, "date": day, "stage": stage, "count": count})
            if d < days:
                rows.write(f"{c},{stage},{day},{count}\n")
    json.dump({"reports": reports, "confirm_warnings": True}, open(f"{work}/day{d}.json", "w"))
# One more day of large counts (above 100 each, as a mobile team's day):
# the check then reads every commune's 28-day history (core::intake::Wanted).
day = (datetime.date(2021, 7, 1) + datetime.timedelta(days=days + 1)).isoformat()
large = [{"unit": c, "date": day, "stage": stage, "count": count}
         for c in communes for stage, count in (("applications", 400), ("produced", 200), ("delivered", 150))]
json.dump({"reports": large, "confirm_warnings": True}, open(f"{work}/large.json", "w"))
print(f"{len(communes)} communes x 3 stages x {days} days")
PY

bench_engine() { # engine url
  echo "== $1"
  $bin --database-url "$2" demo --until 2021-06-30 >/dev/null 2>&1
  printf '%s\n' 'bench passphrase 2021' | $bin --database-url "$2" user add bench.ministry --role ministry --unit VN >/dev/null
  token=$($bin --database-url "$2" token add bench.ministry 2>/dev/null | tail -1)
  LEPTOS_SITE_ROOT=target/site $bin --database-url "$2" serve --addr "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -fs "$B/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  # A server judges the figures it finds when it starts; a campaign's day
  # comes long after that, so the run starts once it is done.
  for _ in $(seq 1 600); do grep -q "alerts evaluated" "$work/server.log" && break; sleep 0.1; done
  local total=0 start end
  start=$(date +%s.%N)
  # Only the requests are timed; answers are counted after the loop.
  for d in $(seq 0 $((DAYS - 1))); do
    curl -fs -o "$work/answer$d.json" -w "%{time_total}\n" -X POST "$B/api/v1/reports" \
      -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
      --data-binary "@$work/day$d.json" >>"$work/times"
  done
  end=$(date +%s.%N)
  for d in $(seq 0 $((DAYS - 1))); do
    n=$(python3 -c "import json; print(len(json.load(open('$work/answer$d.json'))['results']))")
    t=$(sed -n "$((d + 1))p" "$work/times")
    printf "  national day %d: %s figures in %.0f ms\n" "$((d + 1))" "$n" "$(echo "$t * 1000" | bc)"
    total=$((total + n))
  done
  rm -f "$work/times" "$work"/answer*.json
  rate=$(echo "$total / ($end - $start)" | bc)
  echo "  sustained: $total figures in $(printf '%.2f' "$(echo "$end - $start" | bc)") s: $rate figures/s"
  # Every rollup current: the nation's total for the last day is the sum of its communes.
  curl -fs "$B/api/v1/progress/VN?date=$(date -d "2021-07-01 + $((DAYS - 1)) days" +%F)" \
    | python3 -c "import json,sys; s=json.load(sys.stdin)['stages']; print('  nation on the last day:', {k: v['daily'] for k, v in s.items()})"
  # As the days come in the campaign, one a day: alone, once the alert
  # evaluation of the one before is done.
  for batch in "day$DAYS:a national day alone" "large:a national day of large counts alone (every history read)"; do
    sleep 5
    t=$(curl -fs -o "$work/answer.json" -w "%{time_total}" -X POST "$B/api/v1/reports" \
      -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary "@$work/${batch%%:*}.json")
    printf "  %s: %.0f ms\n" "${batch#*:}" "$(echo "$t * 1000" | bc)"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$rate" >"$work/rate.$1"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($bin --version)"
bench_engine sqlite "sqlite://$work/bench.db"
rm -f "$work"/bench.db*

echo "== sqlite3 .import of the same rows into a bare table (the limit)"
sqlite3 "$work/bare.db" "CREATE TABLE rows (unit TEXT, stage TEXT, day TEXT, count INTEGER);"
rows=$(wc -l <"$work/rows.csv")
start=$(date +%s.%N)
sqlite3 "$work/bare.db" ".mode csv" ".import $work/rows.csv rows"
end=$(date +%s.%N)
limit=$(echo "$rows / ($end - $start)" | bc)
echo "  $rows rows in $(printf '%.2f' "$(echo "$end - $start" | bc)") s: $limit rows/s"
echo "  ratio: Tiendo's ingest into SQLite with every rollup current is $(echo "scale=1; 100 * $(cat "$work/rate.sqlite") / $limit" | bc)% of the bare import"

admin=$TIENDO_TEST_POSTGRES_URL
psql "$admin" -qc "CREATE DATABASE tiendo_ingest" >/dev/null
bench_engine postgres "${admin%/*}/tiendo_ingest"
