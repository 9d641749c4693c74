#!/usr/bin/env bash
# Extraction quality of the press-release importer on the evaluation set,
# per set (dev, wide, both) and per language, with the set's own scorer.
#
#   bench/quality.sh [EVAL_DIR]          # prints the table
#   MIN_ALL=0.72 MIN_DEV=0.95 bench/quality.sh   # exits 1 under a floor
#
# Needs target/release/pledgegraph and its plugins (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${1:-${PLEDGEGRAPH_EVAL_DIR:-../shared/eval}}
cmd='target/release/pledgegraph extract --importer press-release --published {published} --language {language} {file}'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One folder of links per set and language, from each gold file's language.
python3 - "$eval_dir" "$work" <<'PY'
import json, os, sys
root, work = sys.argv[1], sys.argv[2]
for s in ("dev", "wide"):
    folder = os.path.join(root, s)
    if not os.path.isdir(folder):
        continue
    for name in os.listdir(folder):
        if not name.endswith(".gold.json"):
            continue
        stem = name[: -len(".gold.json")]
        language = json.load(open(os.path.join(folder, name), encoding="utf-8")).get("language", "xx")[:2]
        for other in os.listdir(folder):
            if other.startswith(stem + "."):
                target = os.path.join(work, f"{s}-{language}")
                os.makedirs(target, exist_ok=True)
                os.symlink(os.path.abspath(os.path.join(folder, other)), os.path.join(target, other))
PY

score() { # label floor dirs...
  local label=$1 floor=$2
  shift 2
  local dirs=()
  for d in "$@"; do [ -d "$d" ] && dirs+=("$d"); done
  [ ${#dirs[@]} -eq 0 ] && return 0
  python3 "$eval_dir/score.py" "${dirs[@]}" --cmd "$cmd" --json | python3 -c '
import json, sys
label, floor = sys.argv[1], float(sys.argv[2])
d = json.load(sys.stdin)
total = d["total"]["f1"]
parts = "  ".join("%s %.3f" % (k, v["f1"]) for k, v in d["categories"].items())
print("%-9s %.3f  %s  (%d documents, %d failed)" % (label, total, parts, d["documents"], len(d["failures"])))
if d["failures"]:
    print("%s: failed: %s" % (label, ", ".join(d["failures"])))
    sys.exit(1)
if total < floor:
    print("%s: total F1 %.3f is under %s" % (label, total, floor))
    sys.exit(1)
' "$label" "$floor"
}

status=0
score "dev+wide" "${MIN_ALL:-0}" "$eval_dir/dev" "$eval_dir/wide" || status=1
score "dev" "${MIN_DEV:-0}" "$eval_dir/dev" || status=1
score "wide" 0 "$eval_dir/wide" || status=1
score "french" 0 "$work/dev-fr" "$work/wide-fr" || status=1
score "english" 0 "$work/dev-en" "$work/wide-en" || status=1
exit $status
