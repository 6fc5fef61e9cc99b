#!/usr/bin/env bash
# Issue 12's goals for phones on weak links (docs/PERFORMANCE.md): the
# bundle's size on the wire, Lighthouse's mobile performance score on /,
# /rankings and /map, and how soon a page is usable at 1.6 Mbps and 150 ms.
# Usage: scripts/bench-web.sh [DATABASE_URL]   (default: a new database with the full demo)
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT=${TIENDO_BENCH_PORT:-3310}

scripts/install-tools.sh --test
cargo leptos build --release --precompress
# `npm install`, not `npm ci`: a dependency of Lighthouse asks for "latest", which `npm ci` refuses against any lock.
(cd scripts/web-bench && npm install --no-audit --no-fund >/dev/null)

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
db=${1:-}
if [ -z "$db" ]; then
  db="sqlite://$work/bench.db"
  echo "== tiendo demo (full: 10,599 communes x 306 days x 3 stages)"
  ./target/release/tiendo --database-url "$db" demo >/dev/null 2>&1
fi
LEPTOS_SITE_ROOT=target/site ./target/release/tiendo --database-url "$db" serve --addr "127.0.0.1:$PORT" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
base="http://127.0.0.1:$PORT"

echo "== the bundle as served (bytes on the wire)"
for file in $(curl -fs "$base/" | grep -o '/pkg/[^"]*\.\(wasm\|js\|css\)' | sort -u); do
  for enc in br gzip identity; do
    size=$(curl -fs -o /dev/null -H "Accept-Encoding: $enc" -w '%{size_download}' "$base$file")
    printf '%-50s %-8s %8s bytes\n' "$file" "$enc" "$size"
  done
done
for path in / /rankings /map; do
  printf '%-50s %-8s %8s bytes\n' "page $path" br "$(curl -fs -o /dev/null -H 'Accept-Encoding: br, gzip' -w '%{size_download}' "$base$path")"
done

echo "== Lighthouse, mobile (median of 3 runs per page)"
(cd scripts/web-bench && node lighthouse.mjs "$base" / /rankings /map)

echo "== a phone at 1.6 Mbps / 150 ms, CPU 4x slower"
(cd scripts/web-bench && node weak-link.mjs "$base" / /rankings /map /p/79)
