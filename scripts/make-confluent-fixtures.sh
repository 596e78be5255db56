#!/usr/bin/env bash
# Regenerate avro-registry/tests/fixtures/confluent/: Confluent's own Python client
# (confluent-kafka 2.16.1 from PyPI: SchemaRegistryClient, AvroSerializer, AvroDeserializer)
# talking to avro-registry's test registry, and reading what our producer wrote.
#
# Usage: scripts/make-confluent-fixtures.sh   (needs python3 and network access to PyPI once)
#
# Steps:
#   1. starts the test registry: cargo run -p avro-registry --example test_registry --
#      --transcript transcript.jsonl
#   2. python scripts/confluent_interop.py produce URL avro-registry/tests/schemas/payment.avsc OUT
#      AvroSerializer writes 8 payments with each subject name strategy (topic, record,
#      topic_record) and a string key; then the client's API calls (subjects, versions, latest,
#      lookup, compatibility tests and levels, registrations refused, unknown ids and subjects)
#   3. cargo run -p avro-registry --example confluent_interop -- URL rust_frames.jsonl
#      our producer registers Payment under rust-payments-value and frames 8 payments
#   4. python scripts/confluent_interop.py consume URL rust_frames.jsonl python_decoded.jsonl
#      AvroDeserializer reads our frames (writer schema fetched by id from the registry)
#
# Output (avro-registry/tests/fixtures/confluent/):
#   transcript.jsonl          every HTTP exchange of steps 2-4: method, path, request body,
#                             status, response body (the test replays it against the server)
#   python_frames.jsonl       Confluent's frames (hex) with the value in Avro JSON (fastavro's
#                             json_writer), and the subjects each strategy registered
#   python_client_calls.json  what each SchemaRegistryClient call returned (or its error)
#   rust_frames.jsonl         our frames with the value in Avro JSON (our encoder)
#   python_decoded.jsonl      each of our frames as AvroDeserializer read it, in Avro JSON
#
# avro-registry/tests/confluent_python.rs checks them; the test suite never runs Python.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
venv="${CONFLUENT_VENV:-$repo/.venv-confluent}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "confluent-kafka[avro,schemaregistry]==2.16.1" "fastavro==1.13.1"
fi
py="$venv/bin/python"
out=avro-registry/tests/fixtures/confluent
rm -rf "$out"
mkdir -p "$out"

cargo build -q -p avro-registry --examples
target="${CARGO_TARGET_DIR:-$repo/target}/debug/examples"
log="$(mktemp)"
"$target/test_registry" --transcript "$out/transcript.jsonl" > "$log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q "listening on" "$log" && break; sleep 0.1; done
url="$(sed -n 's/^listening on //p' "$log")"
[ -n "$url" ] || { echo "the test registry did not start" >&2; exit 1; }

"$py" scripts/confluent_interop.py produce "$url" avro-registry/tests/schemas/payment.avsc "$out"
"$target/confluent_interop" "$url" "$out/rust_frames.jsonl"
"$py" scripts/confluent_interop.py consume "$url" "$out/rust_frames.jsonl" "$out/python_decoded.jsonl"
echo "wrote $out: $(wc -l < "$out/transcript.jsonl") exchanges"
