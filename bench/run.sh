#!/usr/bin/env bash
# Throughput and latency of the nested query at concurrency 32, on SQLite and
# PostgreSQL, over a synthetic graph of 10,000 companies and 50,000
# commitments. Figures go to BENCHMARKS.md by hand, with the machine.
#
#   bench/run.sh                 both backends
#   bench/run.sh sqlite          one of them
#   DURATION=30s bench/run.sh    longer runs
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fresh-db.sh

BACKENDS=${1:-"sqlite postgres"}
DURATION=${DURATION:-20s}
CONNECTIONS=32
export PGOPTIONS="--client-min-messages=warning"
PG_ADMIN=${PLEDGEGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q
BIN=target/release/pledgegraph

[ -f "$OUT/batch.json" ] || python3 bench/generate.py --companies 10000 --commitments 50000 > "$OUT/batch.json"

run_one() {
  local backend=$1 url
  url=$(fresh_database pledgegraph_bench "$backend")
  local start end port=18181
  start=$(date +%s.%N)
  "$BIN" --database-url "$url" load "$OUT/batch.json" >/dev/null
  end=$(date +%s.%N)
  printf '%s: loaded 10,000 companies and 50,000 commitments in %.1f s\n' "$backend" "$(echo "$end - $start" | bc)"

  RUST_LOG=warn "$BIN" --database-url "$url" serve --bind "127.0.0.1:$port" &
  local server=$!
  trap 'kill $server 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # Warm the caches, then measure.
  wrk -t2 -c"$CONNECTIONS" -d5s -s bench/nested.lua "http://127.0.0.1:$port/graphql" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/nested.lua --latency "http://127.0.0.1:$port/graphql" | tee "$OUT/wrk-$backend.txt"
  local rss
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  echo "$backend: server peak RSS ${rss} kB"
  kill "$server"; wait "$server" 2>/dev/null || true
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS pledgegraph_bench WITH (FORCE)"
  fi
}

for backend in $BACKENDS; do run_one "$backend"; done
