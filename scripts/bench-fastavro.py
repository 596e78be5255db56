#!/usr/bin/env python3
"""Container-file reading: fastavro against ours, on the same files (BENCHMARKS.md).

Reads DIR/ours.tsv (written by `cargo bench -p avro-bench --bench container` with
AVRO_BENCH_FILES_DIR=DIR: schema, codec, records, file bytes, ours' median seconds per file) and
each DIR/SCHEMA-CODEC.avro with fastavro (`fastavro.reader` over the bytes in memory, every record
materialised as a dict, as a user of fastavro reads a file), and prints records/s of both and the
ratio. Timing: process CPU time of one whole read, median of ROUNDS (default 5) after one warm-up.

Usage: bench-fastavro.py DIR [ROUNDS]   (run with the oracle's Python, which has fastavro and
its codec packages: /work/.venv-oracle/bin/python; scripts/bench-fastavro.sh does it all)
"""
import io
import os
import statistics
import sys
import time

import fastavro


def read_all(data):
    n = 0
    for _ in fastavro.reader(io.BytesIO(data)):
        n += 1
    return n


def main():
    folder = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(f"fastavro {fastavro.__version__}, {rounds} rounds, process CPU time, median")
    print()
    print("| schema | codec | records | file MB | ours records/s | fastavro records/s | fastavro time ÷ ours |")
    print("|---|---|---:|---:|---:|---:|---:|")
    with open(os.path.join(folder, "ours.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for schema, codec, records, size, ours_secs in rows:
        records, ours_secs = int(records), float(ours_secs)
        with open(os.path.join(folder, f"{schema}-{codec}.avro"), "rb") as f:
            data = f.read()
        assert read_all(data) == records, f"{schema}-{codec}: fastavro read another count"
        times = []
        for _ in range(rounds):
            start = time.process_time()
            read_all(data)
            times.append(time.process_time() - start)
        fast = statistics.median(times)
        print(
            f"| {schema} | {codec} | {records} | {int(size) / 1e6:.2f} | {records / ours_secs:,.0f} "
            f"| {records / fast:,.0f} | {fast / ours_secs:.1f}× |"
        )


if __name__ == "__main__":
    main()
