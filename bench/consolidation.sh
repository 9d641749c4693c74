#!/usr/bin/env bash
# Importing press releases that tell the same events several times: time,
# peak memory, and how well matching finds the events (pairwise precision
# and recall of "these two releases tell of one event", and events and
# commitments found against the truth). Each release is one import through
# the press-release plugin, into a fresh SQLite file and a fresh PostgreSQL
# database. Figures go to BENCHMARKS.md by hand.
#
#   bench/consolidation.sh                    10,000 releases, both backends
#   RELEASES=1000 bench/consolidation.sh sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/fresh-db.sh

BACKENDS=${1:-"sqlite postgres"}
RELEASES=${RELEASES:-10000}
PG_ADMIN=${PLEDGEGRAPH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
export PGOPTIONS="--client-min-messages=warning"
OUT=bench/out
DIR="$OUT/releases-$RELEASES"
mkdir -p "$OUT"

cargo build --release -q
BIN=target/release/pledgegraph
[ -f "$DIR.truth.json" ] || python3 bench/generate_releases.py --releases "$RELEASES" --out "$DIR"

for backend in $BACKENDS; do
  url=$(fresh_database pledgegraph_consolidation_bench "$backend")
  "$BIN" --database-url "$url" migrate >/dev/null
  python3 - "$BIN" "$url" "$DIR" "$backend" <<'PY'
import resource, subprocess, sys, time
binary, url, releases, backend = sys.argv[1:]
start = time.monotonic()
subprocess.run([binary, "--database-url", url, "import", releases], check=True, stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{backend}: imported in {elapsed:.1f} s, peak RSS {peak:.0f} MB (the largest of the server process and its importer workers)")
PY
  # (file, event found) for every release, and (operator, event) of every commitment.
  case $backend in
    sqlite) query() { sqlite3 -separator '|' "$url" "$1"; } ;;
    postgres) query() { psql -qAt -F '|' "$url" -c "$1"; } ;;
  esac
  query "SELECT d.request, r.agreement_id FROM reports r JOIN documents d ON d.id = r.document_id
         WHERE r.commitment_id IS NULL" > "$OUT/found.txt"
  query "SELECT count(*) FROM commitments" > "$OUT/commitments.txt"
  python3 - "$DIR.truth.json" "$OUT/found.txt" "$OUT/commitments.txt" <<'PY'
import itertools, json, sys
from collections import defaultdict
expected = json.load(open(sys.argv[1]))
truth = expected["files"]
found = {}
for line in open(sys.argv[2]):
    request, agreement = line.rstrip("\n").rsplit("|", 1)
    found[json.loads(request)["file_name"]] = int(agreement)
def pairs(groups):
    by = defaultdict(list)
    for f, g in groups.items():
        by[g].append(f)
    return {tuple(sorted(p)) for files in by.values() for p in itertools.combinations(files, 2)}
files = [f for f in truth if f in found]
true_pairs = pairs({f: truth[f] for f in files})
found_pairs = pairs({f: found[f] for f in files})
tp = len(true_pairs & found_pairs)
precision = tp / len(found_pairs) if found_pairs else 1.0
recall = tp / len(true_pairs) if true_pairs else 1.0
events = len(set(truth.values()))
print(f"  releases {len(truth)}, read as an agreement {len(found)}; events {events}, agreements found {len(set(found.values()))}")
print(f"  pairs of releases telling one event: {len(true_pairs)} true, {len(found_pairs)} found, {tp} right:"
      f" precision {precision:.4f}, recall {recall:.4f}")
print(f"  commitments: {expected['commitments']} told, {open(sys.argv[3]).read().strip()} stored")
PY
  if [ "$backend" = postgres ]; then
    psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS pledgegraph_consolidation_bench WITH (FORCE)"
  fi
done
