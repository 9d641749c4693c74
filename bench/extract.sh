#!/usr/bin/env bash
# Press-release extraction throughput on one core, and peak memory: the
# example releases repeated into a corpus of MB megabytes (default 20), each
# release extracted as its own document. Figures go to BENCHMARKS.md by hand.
#
#   bench/extract.sh        # 20 MB
#   bench/extract.sh 50
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-20}
cargo build --release -q -p pledgegraph-press-release --example throughput
python3 - "$MB" <<'PY'
import resource, subprocess, sys
subprocess.run(["taskset", "-c", "0", "target/release/examples/throughput", "api/demo/releases", sys.argv[1]], check=True)
print(f"peak RSS {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
PY
