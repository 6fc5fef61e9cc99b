#!/usr/bin/env bash
# Installs what is missing, builds the release app, loads the simulated 2021
# campaign into ./data/tiendo.db if no campaign is there yet, and serves the
# dashboard on http://127.0.0.1:3000 (TIENDO_ADDR to change).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/install-tools.sh
# Precompressed bundle: brotli and gzip files beside it, served as they are.
cargo leptos build --release --precompress
export LEPTOS_SITE_ROOT=target/site
./target/release/tiendo demo --if-empty
exec ./target/release/tiendo serve
