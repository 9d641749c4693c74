#!/usr/bin/env bash
# Soak: 60 s of the README's example queries at 32 connections against the
# demo server, counting every answer that is not a 200 without errors, and
# sampling the server's memory every 5 s. Figures go to RELIABILITY.md.
#
#   bench/soak.sh                 SQLite (the demo's database)
#   DURATION=120 bench/soak.sh    longer
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=32
PORT=18182
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q
BIN=target/release/pledgegraph

RUST_LOG=warn "$BIN" demo --bind "127.0.0.1:$PORT" --demo-database "$OUT/soak.db" >"$OUT/soak-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# The README's queries, one request body each; the group one takes the id
# its search finds.
group=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H 'Content-Type: application/json' \
  -d '{"query":"{ search(text: \"northgate\", types: [COMPANY]) { id } }"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["search"][0]["id"])')
python3 bench/readme_queries.py README.md "$group" > "$OUT/soak-queries.lua"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "memory (RSS, kB) before: $(rss)"
(
  for i in $(seq 5 5 "$DURATION"); do sleep 5; echo "  at ${i} s: $(rss) kB"; done
) &
sampler=$!
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/soak.lua --latency \
  "http://127.0.0.1:$PORT/graphql" | tee "$OUT/soak-wrk.txt"
wait "$sampler"
echo "memory (RSS, kB) after: $(rss); peak $(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && echo "healthz: ok"
