#!/usr/bin/env bash
# Import throughput and peak memory of the CSV importer: a 1,000,000-row
# projects table imported into a fresh SQLite file and a fresh PostgreSQL
# database, each in one transaction. Figures go to BENCHMARKS.md by hand.
#
#   bench/import.sh                  both backends, 1,000,000 rows
#   ROWS=100000 bench/import.sh sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fresh-db.sh

BACKENDS=${1:-"sqlite postgres"}
ROWS=${ROWS:-1000000}
PG_ADMIN=${PLEDGEGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
export PGOPTIONS="--client-min-messages=warning"
OUT=bench/out
mkdir -p "$OUT"

cargo build --release -q
BIN=target/release/pledgegraph
CSV="$OUT/projects-$ROWS.csv"
[ -f "$CSV" ] || python3 bench/generate_projects.py --rows "$ROWS" > "$CSV"
echo "$(du -h "$CSV" | cut -f1) $CSV"

for backend in $BACKENDS; do
  url=$(fresh_database pledgegraph_import_bench "$backend")
  "$BIN" --database-url "$url" migrate >/dev/null
  # Wall time and the peak RSS of the import process (the importer plugin runs inside it).
  python3 - "$BIN" "$url" "$CSV" "$ROWS" "$backend" <<'PY'
import resource, subprocess, sys, time
binary, url, csv, rows, backend = sys.argv[1:]
start = time.monotonic()
subprocess.run([binary, "--database-url", url, "import", csv], check=True, stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{backend}: {int(rows):,} rows in {elapsed:.1f} s, {int(rows) / elapsed:,.0f} rows/s, peak RSS {peak:.0f} MB")
PY
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS pledgegraph_import_bench WITH (FORCE)"
  fi
done
