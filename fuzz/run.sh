#!/usr/bin/env bash
# Fuzzes one importer's entry point for a bounded time, seeded with the
# project's own fixtures, and prints one line of figures.
#
#   fuzz/run.sh TARGET SECONDS      TARGET: press_release | csv | official_stats
#
# Needs nightly and cargo-fuzz (cargo install cargo-fuzz). A crash, a hang
# (over 10 s on one input) or an input over 2 GiB of memory stops the run and
# leaves the input in fuzz/artifacts/TARGET/; the exit status is then non-zero.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target: press_release, csv or official_stats}
seconds=${2:?seconds}
root=..

corpus=corpus/$target
mkdir -p "$corpus" "artifacts/$target"
seed() { for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$corpus/" || true; done; }
case $target in
  press_release)
    # The first byte chooses HTML (even) or text (odd); see the target.
    for f in "$root"/api/demo/releases/*; do
      name=$(basename "$f")
      case $name in *.html) prefix='\x00' ;; *) prefix='\x01' ;; esac
      { printf "$prefix"; cat "$f"; } > "$corpus/seed-$name"
    done ;;
  csv) seed "$root"/api/demo/*.csv ;;
  official_stats)
    seed "$root"/importers/official-stats/tests/fixtures/*.* \
         "$root"/importers/official-stats/tests/fixtures/malformed/* \
         "$root"/importers/official-stats/tests/fixtures/worldbank/* \
         "$root"/api/demo/statistics/* ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac

# Built first, so that the time below is the fuzzing alone.
cargo +nightly fuzz build "$target"
log=$(mktemp)
stamp=$(mktemp)
status=0
started=$(date +%s)
cargo +nightly fuzz run "$target" "$corpus" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -print_final_stats=1 2>"$log" || status=$?
elapsed=$(( $(date +%s) - started ))
runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
# Only what this run found: earlier artifacts stay for reproduction.
count() { find "artifacts/$target" -name "$1-*" -newer "$stamp" | wc -l; }
echo "$target: $runs inputs in ${elapsed} s, $(count crash) crashes, $(count timeout) hangs, $(count oom) out of memory, corpus $(ls "$corpus" | wc -l) files"
if [ "$status" -ne 0 ]; then grep -A4 -m1 "panicked" "$log" >&2 || true; tail -20 "$log" >&2; fi
rm -f "$log" "$stamp"
exit "$status"
