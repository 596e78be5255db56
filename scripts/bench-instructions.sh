#!/usr/bin/env bash
# Instructions per record (callgrind) of every codec-bench contender, in each build profile a
# user's crate might have, and one table of them side by side (BENCHMARKS.md).
#
# Usage: scripts/bench-instructions.sh [PROFILE...] [-- WORDS...]
#   PROFILE: release (the `bench` profile as it is: release + debug line info), fat (lto = "fat"),
#            thin (lto = "thin"), cgu1 (codegen-units = 1); default: all four.
#   WORDS:   passed to the bench: schema names and contender name parts (e.g. `event_a ours`).
# Environment: AVRO_BENCH_RECORDS (records per schema, default 2,000; batch_b a tenth).
#
# Needs valgrind. Profiles other than `release` build into their own target directory
# (target/profile-NAME), since each changes how every crate is compiled: the first run of each
# takes a few minutes. The measured binary is the same source in every profile. Results go to
# target/instructions/PROFILE.tsv, then the merged table is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

profiles=()
words=()
while [ $# -gt 0 ]; do
    if [ "$1" = "--" ]; then
        shift
        words=("$@")
        break
    fi
    profiles+=("$1")
    shift
done
[ ${#profiles[@]} -gt 0 ] || profiles=(release fat thin cgu1)

command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

mkdir -p target/instructions
files=()
for profile in "${profiles[@]}"; do
    env=()
    case "$profile" in
        release) ;;
        fat) env=(CARGO_PROFILE_BENCH_LTO=fat CARGO_TARGET_DIR=target/profile-fat) ;;
        thin) env=(CARGO_PROFILE_BENCH_LTO=thin CARGO_TARGET_DIR=target/profile-thin) ;;
        cgu1) env=(CARGO_PROFILE_BENCH_CODEGEN_UNITS=1 CARGO_TARGET_DIR=target/profile-cgu1) ;;
        *) echo "unknown profile $profile (release, fat, thin, cgu1)" >&2; exit 1 ;;
    esac
    tsv="target/instructions/$profile.tsv"
    rm -f "$tsv"
    echo "== profile $profile" >&2
    env "${env[@]}" AVRO_BENCH_PROFILE="$profile" AVRO_BENCH_TSV="$PWD/$tsv" \
        cargo bench -p avro-bench --bench instructions -- --bench "${words[@]}"
    files+=("$PWD/$tsv")
done

cargo bench -q -p avro-bench --bench instructions -- --merge "${files[@]}"
