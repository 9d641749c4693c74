#!/usr/bin/env bash
# Import throughput and peak memory, each input in one transaction into a
# fresh SQLite file and a fresh PostgreSQL database. Figures go to
# BENCHMARKS.md by hand.
#
#   bench/import.sh                          projects table, 1,000,000 rows, both backends
#   ROWS=100000 bench/import.sh sqlite
#   WHAT=statistics bench/import.sh          SDMX-CSV, 5,000,000 observations (official-stats importer)
#   WHAT=statistics-xml bench/import.sh      the same as SDMX-ML 2.1 structure-specific data
#   WHAT=statistics-jsonstat bench/import.sh a 1,000,000-cell JSON-stat cube (read whole, not streamed)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fresh-db.sh

BACKENDS=${1:-"sqlite postgres"}
WHAT=${WHAT:-projects}
PG_ADMIN=${PLEDGEGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
export PGOPTIONS="--client-min-messages=warning"
OUT=bench/out
mkdir -p "$OUT"

cargo build --release -q
BIN=target/release/pledgegraph
case $WHAT in
  projects)
    ROWS=${ROWS:-1000000}
    CSV="$OUT/projects-$ROWS.csv"
    [ -f "$CSV" ] || python3 bench/generate_projects.py --rows "$ROWS" > "$CSV" ;;
  statistics)
    ROWS=${ROWS:-5000000}
    CSV="$OUT/sdmx-$ROWS.csv"
    [ -f "$CSV" ] || python3 bench/generate_sdmx.py --observations "$ROWS" > "$CSV" ;;
  statistics-xml)
    ROWS=${ROWS:-5000000}
    CSV="$OUT/sdmx-$ROWS.xml"
    [ -f "$CSV" ] || python3 bench/generate_sdmx.py --format xml --observations "$ROWS" > "$CSV" ;;
  statistics-jsonstat)
    ROWS=${ROWS:-1000000}
    CSV="$OUT/jsonstat-$ROWS.json"
    [ -f "$CSV" ] || python3 bench/generate_sdmx.py --format jsonstat --observations "$ROWS" > "$CSV" ;;
  *) echo "WHAT=$WHAT: projects, statistics, statistics-xml or statistics-jsonstat" >&2; exit 1 ;;
esac
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
print(f"{backend}: {int(rows):,} rows in {elapsed:.1f} s, {int(rows) / elapsed:,.0f} rows/s, peak RSS {peak:.0f} MB"
      " (rows are observations for WHAT=statistics*, missing values included)")
PY
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS pledgegraph_import_bench WITH (FORCE)"
  fi
done
