#!/usr/bin/env python3
"""Replace the values of a top-level `big-decimal` field in oracle fixture lines by valid ones.

The oracle (fastavro) does not know the `big-decimal` logical type (Avro 1.12), so its random
generator fills such a field with random bytes, which are not valid big-decimal encodings.
This reads `avro_oracle.py random` output on stdin and, for each line, sets FIELD to a valid
big-decimal (the bytes of: `bytes` two's-complement unscaled value, then `int` scale, as Java's
BigDecimalConversion writes it), re-encodes the datum with the oracle's own encoder, checks the
round trip, and prints the line in the oracle's format.

Usage: fixup-big-decimal.py SCHEMA FIELD SEED < random.jsonl > fixed.jsonl
Run with the oracle's Python (.venv-oracle/bin/python); needs ../shared/oracle.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "oracle"))
import avro_oracle as O  # noqa: E402


def zigzag(n):
    n = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def main():
    schema_path, field, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sc = O.Schema(schema_path)
    rng = random.Random(seed)
    for line in sys.stdin:
        datum = json.loads(line)["datum"]
        digits = rng.choice([1, 2, 5, 10, 19, 40])
        unscaled = rng.choice([0, rng.randint(-(10**digits - 1), 10**digits - 1)])
        scale = rng.randint(0, 12)
        u = O.min_twos(unscaled)
        datum[field] = (zigzag(len(u)) + u + zigzag(scale)).decode("latin-1")
        data = O.encode(sc, O.from_json(sc, sc.parsed, datum))
        if O.dumps(O.decode(sc, data)) != O.dumps(datum):
            raise SystemExit(f"round trip mismatch: {O.dumps(datum)}")
        print(O.dumps({"hex": data.hex(), "datum": datum}))


if __name__ == "__main__":
    main()
