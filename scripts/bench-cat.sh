#!/usr/bin/env bash
# Benchmark (not a test): `avro cat` on a container file of about 100 MB against fastavro and
# Apache Avro for Java (avro-tools' `tojson` loop, scripts/bench/ToJson.java) and Avro C's
# avrocat, on the same file; wall time, CPU time (user + system: less disturbed by other work on
# the machine) and peak RSS of each (GNU time), and the number of records each printed.
#
# Usage: scripts/bench-cat.sh [MEGABYTES] [CODEC]     (defaults: 100 null)
# Needs: the fastavro oracle's Python (ORACLE_PYTHON, default .venv-oracle/bin/python, made by
# scripts/oracle.sh), default-jdk-headless and libavro-java, avro-bin (avrocat), /usr/bin/time.
# Work files go to BENCH_DIR (default: a temporary directory, removed at the end).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
megabytes="${1:-100}"
codec="${2:-null}"
py="${ORACLE_PYTHON:-$repo/.venv-oracle/bin/python}"
oracle="${AVRO_SHARED:-$repo/../shared}/oracle/avro_oracle.py"
schema=schemas/bench/event_a.avsc
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${BENCH_DIR:-}" ]] || trap 'rm -rf "$work"' EXIT

cargo build -q --release -p avro-cli
avro="$repo/target/release/avro"

# 2000 random events (fastavro oracle, seed 42), repeated to the size asked for.
"$py" "$oracle" random "$schema" 2000 42 --json-out "$work/seed.jsonl" > /dev/null
"$avro" from-json "$schema" "$work/seed.jsonl" -o "$work/seed.avro"
seed_bytes=$(stat -c %s "$work/seed.avro")
copies=$(( megabytes * 1000000 / seed_bytes + 1 ))
for _ in $(seq "$copies"); do cat "$work/seed.jsonl"; done \
    | "$avro" from-json "$schema" --codec "$codec" -o "$work/events.avro"
"$avro" info "$work/events.avro" | head -n 5

cp=$(ls /usr/share/java/{avro,jackson-core-asl,jackson-mapper-asl,commons-compress,xz,snappy-java,slf4j-api,slf4j-nop,paranamer}.jar 2>/dev/null | tr '\n' ':')
mkdir -p "$work/java"
javac -nowarn -cp "$cp" -d "$work/java" scripts/bench/ToJson.java 2>/dev/null

run() {
    local name="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out.jsonl"
    read -r seconds user system kilobytes < "$work/time"
    local records cpu
    records=$(grep -c . "$work/out.jsonl")  # non-empty lines (Java's JsonEncoder adds empty ones)
    cpu=$(echo "$user + $system" | bc)
    printf '%-22s %8.2f s wall %8.2f s CPU %9d KiB peak RSS %10d records\n' \
        "$name" "$seconds" "$cpu" "$kilobytes" "$records"
}

echo "file: $(stat -c %s "$work/events.avro") bytes, codec $codec"
run "avro cat" "$avro" cat "$work/events.avro"
run "fastavro json_writer" "$py" scripts/bench/fastavro_cat.py "$work/events.avro"
run "java tojson" java -cp "$work/java:$cp" ToJson "$work/events.avro"
run "avrocat (Avro C)" avrocat "$work/events.avro"
