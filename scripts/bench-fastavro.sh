#!/usr/bin/env bash
# Container-file reading, ours against fastavro on the same files, every codec (BENCHMARKS.md).
# Needs the oracle's Python environment with fastavro and its codec packages:
#   python3 -m venv /work/.venv-oracle && /work/.venv-oracle/bin/pip install -r ../shared/oracle/requirements.txt
# Usage: scripts/bench-fastavro.sh [--quick]   (PYTHON=path overrides the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-/work/.venv-oracle/bin/python}"
dir="$PWD/target/container-files"
rm -rf "$dir"
AVRO_BENCH_FILES_DIR="$dir" cargo bench -p avro-bench --bench container -- --bench "$@"
"$python" scripts/bench-fastavro.py "$dir"
